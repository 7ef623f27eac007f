import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Identifies an encryption key without revealing it, so a sealed value names the key that opens it
 * and operators can rotate: seal with the new key, keep old keys for `openSecret` until re-sealed.
 */
export function secretKeyId(keyB64: string): string {
  return createHash('sha256').update(decodeKey(keyB64)).digest('base64url').slice(0, 8);
}

/**
 * AES-256-GCM. Output: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). `aad` binds the value
 * to its purpose (e.g. `signing-key:<kid>`) so a sealed value cannot be swapped into another row.
 */
export function sealSecret(plaintext: string, keyB64: string, aad = ''): string {
  const key = decodeKey(keyB64);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, secretKeyId(keyB64), iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Opens a value sealed with any of `keysB64` (current and previous keys during a rotation). */
export function openSecret(sealed: string, keysB64: string | readonly string[], aad = ''): string {
  const parts = sealed.split('.');
  const [version, keyId, iv, ciphertext, tag] = parts;
  if (parts.length !== 5 || version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag) {
    throw new Error('Sealed secret is malformed');
  }
  const keyB64 = (typeof keysB64 === 'string' ? [keysB64] : keysB64).find((k) => secretKeyId(k) === keyId);
  if (keyB64 === undefined) throw new Error(`No key configured for sealed secret key id ${keyId}`);
  const decipher = createDecipheriv('aes-256-gcm', decodeKey(keyB64), Buffer.from(iv, 'base64url'), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch (cause) {
    throw new Error('Sealed secret failed authentication', { cause });
  }
}

/** The key id a sealed value was produced with, to find values still sealed with a retired key. */
export function sealedKeyId(sealed: string): string | undefined {
  return sealed.split('.')[1];
}

function decodeKey(keyB64: string): Buffer {
  const key = Buffer.from(keyB64, 'base64');
  if (key.length !== 32) throw new Error('Encryption key must be 32 bytes, base64-encoded');
  return key;
}
