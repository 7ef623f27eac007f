import {
  createKeyRing,
  importKeyRing,
  openSecret,
  sealedKeyId,
  sealSecret,
  secretKeyId,
  type ExportedSigningKey,
  type KeyRing,
} from '@meshplane/auth';
import type { Clock } from '@meshplane/runtime';

export interface KeyRotationPolicy {
  rotationMs: number;
  /** How long a retired key stays published: the longest token lifetime plus clock skew. */
  retainMs: number;
  /** Base64 sealing keys, newest first: the first seals, every one opens. */
  sealingKeys: readonly string[];
  clock: Clock;
}

const FORMAT = 'meshplane.keyring.v1';
// Binds sealed values to their purpose: a sealed signing key cannot be replayed as another kind of secret.
const SEAL_AAD = 'meshplane.identity.signing-key';
/*
 * Rotation is decided against the shared store, never by a replica on its own: a key a replica made up in memory
 * would sign tokens the other replicas do not publish. So the in-memory ring never rotates by itself.
 */
const NEVER = Number.MAX_SAFE_INTEGER;

/** True when nothing is stored yet or the active key is older than the rotation period. */
export function rotationDue(keys: readonly ExportedSigningKey[], policy: KeyRotationPolicy): boolean {
  const active = keys.find((key) => key.retiredAt === undefined);
  return active === undefined || policy.clock.nowMs() - active.createdAt >= policy.rotationMs;
}

/** The stored keys after a rotation: a new active key, the previous one retired, expired ones dropped. */
export function rotateKeys(
  keys: readonly ExportedSigningKey[],
  policy: KeyRotationPolicy,
): ExportedSigningKey[] {
  const options = { rotationMs: NEVER, retainMs: policy.retainMs, clock: policy.clock };
  const ring = keys.length === 0 ? createKeyRing(options) : restoreRing(keys, policy);
  if (keys.length > 0) ring.rotate();
  return ring.export((plaintext) => sealSecret(plaintext, firstKey(policy), SEAL_AAD)).keys;
}

/** A ring that signs with the stored active key and publishes every key still within its retention. */
export function restoreRing(keys: readonly ExportedSigningKey[], policy: KeyRotationPolicy): KeyRing {
  const kidOf = new Map(keys.map((key) => [key.sealedPrivateKey, key.kid]));
  return importKeyRing(
    { format: FORMAT, keys: [...keys] },
    (sealed) => {
      try {
        return openSecret(sealed, policy.sealingKeys, SEAL_AAD);
      } catch (cause) {
        throw new SigningKeyUnsealError(kidOf.get(sealed) ?? 'unknown', sealed, policy.sealingKeys, cause);
      }
    },
    { rotationMs: NEVER, retainMs: policy.retainMs, clock: policy.clock },
  );
}

/**
 * A stored signing key that none of the configured sealing keys opens: PROVIDERS_KEY_SECRET changed or was lost.
 * Raised at startup, so the operator reads what to restore instead of finding an internal error at the first
 * sign-in.
 */
export class SigningKeyUnsealError extends Error {
  constructor(
    readonly kid: string,
    sealed: string,
    sealingKeys: readonly string[],
    cause: unknown,
  ) {
    const sealedWith = sealedKeyId(sealed) ?? 'unknown';
    const configured = sealingKeys.map((key) => secretKeyId(key)).join(', ') || 'none';
    super(
      `Signing key ${kid} in providers.signing_keys cannot be unsealed with PROVIDERS_KEY_SECRET: it was sealed ` +
        `with the secret whose key id is ${sealedWith}, and the configured secrets have key ids ${configured}. ` +
        `Restore the secret that sealed it (an older secret may follow the new one in PROVIDERS_KEY_SECRET, ` +
        `comma-separated, newest first), or, if that secret is lost for good, delete the rows of ` +
        `providers.signing_keys to start a new key ring (every signed-in user must then sign in again).`,
      { cause },
    );
    this.name = 'SigningKeyUnsealError';
  }
}

function firstKey(policy: KeyRotationPolicy): string {
  const [key] = policy.sealingKeys;
  if (key === undefined) throw new Error('No sealing key configured for signing keys');
  return key;
}
