import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface GeneratedApiToken {
  /** Shown to the user once; never stored. */
  token: string;
  /** Public, indexed identifier embedded in the token: look the row up by it, then compare hashes. */
  tokenId: string;
  /** sha256 hex of the whole token, the only form stored. */
  hash: string;
}

const ID_HEX_LENGTH = 16;
const SECRET_BYTES = 32;
const SECRET_B64_LENGTH = 43;

/**
 * `<prefix><tokenId>_<secret>`. A recognisable prefix lets secret scanners find leaked tokens. The
 * secret carries 256 random bits, so a fast hash is enough: there is nothing to brute-force, unlike a
 * password, and a slow KDF would only cost every request.
 */
export function generateApiToken(prefix = 'mp_'): GeneratedApiToken {
  const tokenId = randomBytes(ID_HEX_LENGTH / 2).toString('hex');
  const token = `${prefix}${tokenId}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { token, tokenId, hash: hashApiToken(token) };
}

/** The tokenId to look up, or undefined when the value cannot be one of our tokens. */
export function parseApiTokenId(token: string, prefix = 'mp_'): string | undefined {
  if (!token.startsWith(prefix)) return undefined;
  const rest = token.slice(prefix.length);
  const tokenId = rest.slice(0, ID_HEX_LENGTH);
  const secret = rest.slice(ID_HEX_LENGTH + 1);
  const wellFormed =
    /^[0-9a-f]+$/.test(tokenId) &&
    tokenId.length === ID_HEX_LENGTH &&
    rest[ID_HEX_LENGTH] === '_' &&
    secret.length === SECRET_B64_LENGTH &&
    /^[A-Za-z0-9_-]+$/.test(secret);
  return wellFormed ? tokenId : undefined;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function verifyApiTokenHash(token: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = createHash('sha256').update(token, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
