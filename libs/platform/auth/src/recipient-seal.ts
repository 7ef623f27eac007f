import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/** The one scheme: X25519 key agreement, HKDF-SHA256 key derivation, AES-256-GCM. */
export const RECIPIENT_SEAL_SCHEME = 'x25519-hkdf-sha256-aes256gcm';

/** A value sealed to one recipient's public key (every part base64url). */
export interface RecipientSealed {
  scheme: typeof RECIPIENT_SEAL_SCHEME;
  ephemeralKey: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** A one-time key pair for one exchange: the private half never leaves the process that made it. */
export interface RecipientKeyPair {
  /** Raw X25519 public key, base64url (32 bytes): what the sender seals to. */
  publicKey: string;
  privateKey: KeyObject;
}

// DER prefix of an X25519 SubjectPublicKeyInfo: raw 32-byte keys in and out without a JWK detour.
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const INFO = Buffer.from('meshplane recipient seal v1', 'utf8');

export function recipientKeyPair(): RecipientKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKey: rawPublicKey(publicKey), privateKey };
}

/**
 * Seals `plaintext` so that only the holder of `recipientPublicKey`'s private half opens it (ECIES-style: a fresh
 * ephemeral key per value, so two seals of one value share nothing). `aad` binds the value to its purpose: opened
 * with another aad, it fails authentication.
 */
export function sealToRecipient(plaintext: Buffer, recipientPublicKey: string, aad: string): RecipientSealed {
  const recipient = publicKeyOf(recipientPublicKey);
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralKey = rawPublicKey(ephemeral.publicKey);
  const key = derive(
    diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }),
    ephemeralKey,
    recipientPublicKey,
  );
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    scheme: RECIPIENT_SEAL_SCHEME,
    ephemeralKey,
    iv: iv.toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

/** Opens a value sealed to `keys.publicKey`; throws on any tampering, another recipient or another aad. */
export function openFromSender(sealed: RecipientSealed, keys: RecipientKeyPair, aad: string): Buffer {
  if (sealed.scheme !== RECIPIENT_SEAL_SCHEME)
    throw new Error(`Unknown seal scheme ${String(sealed.scheme)}`);
  const shared = diffieHellman({ privateKey: keys.privateKey, publicKey: publicKeyOf(sealed.ephemeralKey) });
  const key = derive(shared, sealed.ephemeralKey, keys.publicKey);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'), {
    authTagLength: 16,
  });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
  } catch (cause) {
    throw new Error('Sealed value failed authentication', { cause });
  }
}

function derive(shared: Buffer, ephemeralKey: string, recipientKey: string): Buffer {
  // Both public keys in the salt: the derived key belongs to this one pair of keys.
  const salt = Buffer.concat([
    Buffer.from(ephemeralKey, 'base64url'),
    Buffer.from(recipientKey, 'base64url'),
  ]);
  return Buffer.from(hkdfSync('sha256', shared, salt, INFO, 32));
}

function rawPublicKey(key: KeyObject): string {
  return key
    .export({ format: 'der', type: 'spki' })
    .subarray(X25519_SPKI_PREFIX.length)
    .toString('base64url');
}

function publicKeyOf(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 32) throw new Error('An X25519 public key is 32 bytes');
  // A low-order point (all-zero shared secret) is refused by OpenSSL's X25519 itself: diffieHellman throws.
  return createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, bytes]), format: 'der', type: 'spki' });
}
