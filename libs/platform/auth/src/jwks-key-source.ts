import {
  createLocalJWKSet,
  errors,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type CryptoKey,
} from 'jose';

/** Resolves the verification key for a token header; throws jose errors or AuthError. */
export type KeySource = (header: JWSHeaderParameters) => Promise<CryptoKey>;

export type JwksProvider = JSONWebKeySet | (() => JSONWebKeySet | Promise<JSONWebKeySet>);

/**
 * Keys held in-process (the local provider's ring). A function is re-read on every call so that a
 * rotation in the same process is seen at once; the jose key set is rebuilt only when the kids change.
 */
export function localKeySource(jwks: JwksProvider): KeySource {
  let cached: { fingerprint: string; resolve: ReturnType<typeof createLocalJWKSet> } | undefined;
  return async (header) => {
    const set = typeof jwks === 'function' ? await jwks() : jwks;
    const fingerprint = set.keys.map((key) => `${key.kid ?? ''}:${key.x ?? key.n ?? ''}`).join(',');
    if (cached?.fingerprint !== fingerprint) cached = { fingerprint, resolve: createLocalJWKSet(set) };
    return cached.resolve(header);
  };
}

export function isNoMatchingKey(error: unknown): boolean {
  return error instanceof errors.JWKSNoMatchingKey;
}
