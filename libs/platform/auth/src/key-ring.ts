import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '@meshplane/runtime';
import { ed25519Thumbprint, type Ed25519PublicJwk } from './jwk-thumbprint.js';

export interface PublicSigningJwk extends Ed25519PublicJwk {
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface JsonWebKeySet {
  keys: PublicSigningJwk[];
}

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: PublicSigningJwk;
  readonly createdAt: number;
  /** Set once a newer key took over; the key stays published until `retiredAt + retainMs`. */
  readonly retiredAt?: number;
}

export interface KeyRingOptions {
  /** Age after which `current()` replaces the signing key by itself. */
  rotationMs: number;
  /** How long a retired key stays in the JWKS; must exceed the longest token lifetime plus clock skew. */
  retainMs: number;
  clock?: Clock;
  /** Called after every rotation (manual or due), e.g. to persist `ring.export(...)`. */
  onRotate?: (ring: KeyRing) => void;
}

/** Serialisable state; private keys are sealed by the caller-supplied function and never stored in the clear. */
export interface ExportedKeyRing {
  format: 'meshplane.keyring.v1';
  keys: ExportedSigningKey[];
}

export interface ExportedSigningKey {
  kid: string;
  createdAt: number;
  retiredAt?: number;
  publicJwk: PublicSigningJwk;
  sealedPrivateKey: string;
}

export interface KeyRing {
  /** The signing key, rotated first when it is older than `rotationMs`. */
  current(): SigningKey;
  rotate(): SigningKey;
  /** Public keys of the current key and of every retired key still within `retainMs`. */
  jwks(): JsonWebKeySet;
  export(seal: (plaintext: string) => string): ExportedKeyRing;
}

/** Starts with one key so the JWKS is never empty, even before the first token is signed. */
export function createKeyRing(options: KeyRingOptions): KeyRing {
  return buildKeyRing(options, [generateSigningKey((options.clock ?? systemClock).nowMs())]);
}

/** Restores a ring saved with `ring.export(seal)`; `open` reverses `seal` (see `openSecret`). */
export function importKeyRing(
  exported: ExportedKeyRing,
  open: (sealed: string) => string,
  options: KeyRingOptions,
): KeyRing {
  if (exported.format !== 'meshplane.keyring.v1') {
    throw new Error('Unsupported key ring format');
  }
  return buildKeyRing(
    options,
    exported.keys.map((key) => restoreKey(key, open(key.sealedPrivateKey))),
  );
}

function buildKeyRing(options: KeyRingOptions, initial: SigningKey[]): KeyRing {
  assertPositive('rotationMs', options.rotationMs);
  assertPositive('retainMs', options.retainMs);
  const clock = options.clock ?? systemClock;
  let keys = [...initial];

  const active = (): SigningKey | undefined => keys.find((key) => key.retiredAt === undefined);

  const prune = (now: number): void => {
    keys = keys.filter((key) => key.retiredAt === undefined || key.retiredAt + options.retainMs > now);
  };

  const ring: KeyRing = {
    rotate() {
      const now = clock.nowMs();
      const next = generateSigningKey(now);
      keys = [next, ...keys.map((key) => (key.retiredAt === undefined ? { ...key, retiredAt: now } : key))];
      prune(now);
      options.onRotate?.(ring);
      return next;
    },
    current() {
      const key = active();
      if (key === undefined || clock.nowMs() - key.createdAt >= options.rotationMs) return ring.rotate();
      return key;
    },
    jwks() {
      prune(clock.nowMs());
      return { keys: keys.map((key) => ({ ...key.publicJwk })) };
    },
    export(seal) {
      prune(clock.nowMs());
      return {
        format: 'meshplane.keyring.v1',
        keys: keys.map((key) => ({
          kid: key.kid,
          createdAt: key.createdAt,
          ...(key.retiredAt === undefined ? {} : { retiredAt: key.retiredAt }),
          publicJwk: { ...key.publicJwk },
          sealedPrivateKey: seal(JSON.stringify(key.privateKey.export({ format: 'jwk' }))),
        })),
      };
    },
  };
  if (keys.filter((key) => key.retiredAt === undefined).length > 1) {
    throw new Error('A key ring must have at most one active key');
  }
  return ring;
}

function generateSigningKey(createdAt: number): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { ...describeKey(privateKey, publicKey), createdAt };
}

function restoreKey(exported: ExportedSigningKey, privateJwkJson: string): SigningKey {
  const privateKey = createPrivateKey({ key: JSON.parse(privateJwkJson) as never, format: 'jwk' });
  const described = describeKey(privateKey, createPublicKey(privateKey));
  // A mismatch means the stored row was tampered with or paired with the wrong secret.
  if (described.kid !== exported.kid || described.publicJwk.x !== exported.publicJwk.x) {
    throw new Error(`Key ${exported.kid} does not match its private key`);
  }
  return {
    ...described,
    createdAt: exported.createdAt,
    ...(exported.retiredAt === undefined ? {} : { retiredAt: exported.retiredAt }),
  };
}

function describeKey(
  privateKey: KeyObject,
  publicKey: KeyObject,
): Pick<SigningKey, 'kid' | 'privateKey' | 'publicJwk'> {
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('Signing keys must be Ed25519');
  }
  const base: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x };
  const kid = ed25519Thumbprint(base);
  return { kid, privateKey, publicJwk: { ...base, kid, alg: 'EdDSA', use: 'sig' } };
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of milliseconds`);
}
