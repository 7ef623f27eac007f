import { type CredentialKeyring } from '@meshplane/k8s';

const KEY_BYTES = 32;
const LABEL = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * `CREDENTIALS_KEYS`: comma-separated keys, newest first, each `label:base64key` or just `base64key`. The first
 * seals, every one opens. The label is for operators only: a sealed value names its key by a hash of the key
 * itself (`secretKeyId`), so renaming a label never orphans data.
 */
export function parseCredentialKeyring(text: string): CredentialKeyring {
  const keys = text.split(',').map((part, index) => parseKey(part.trim(), index));
  const [currentKeyB64, ...keysB64] = keys;
  if (currentKeyB64 === undefined) throw new Error('must list at least one key');
  if (new Set(keys).size !== keys.length) throw new Error('lists the same key twice');
  return { currentKeyB64, keysB64 };
}

function parseKey(part: string, index: number): string {
  const separator = part.indexOf(':');
  const label = separator === -1 ? undefined : part.slice(0, separator);
  const key = separator === -1 ? part : part.slice(separator + 1);
  if (label !== undefined && !LABEL.test(label)) {
    throw new Error(`key #${index + 1} has a label that is not 1-64 of [A-Za-z0-9_.-]`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length !== KEY_BYTES) {
    throw new Error(`key #${index + 1} must be ${KEY_BYTES} random bytes in base64`);
  }
  return key;
}
