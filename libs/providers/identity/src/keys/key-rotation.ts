import {
  createKeyRing,
  importKeyRing,
  openSecret,
  sealSecret,
  type ExportedSigningKey,
  type KeyRing,
} from '@meshplane/auth';
import type { Clock } from '../clock/clock.js';

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
  return active === undefined || policy.clock() - active.createdAt >= policy.rotationMs;
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
  return importKeyRing(
    { format: FORMAT, keys: [...keys] },
    (sealed) => openSecret(sealed, policy.sealingKeys, SEAL_AAD),
    { rotationMs: NEVER, retainMs: policy.retainMs, clock: policy.clock },
  );
}

function firstKey(policy: KeyRotationPolicy): string {
  const [key] = policy.sealingKeys;
  if (key === undefined) throw new Error('No sealing key configured for signing keys');
  return key;
}
