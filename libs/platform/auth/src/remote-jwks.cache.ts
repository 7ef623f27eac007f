import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { AuthError } from './auth-error.js';
import type { Clock } from '@meshplane/runtime';
import { isNoMatchingKey, type KeySource } from './jwks-key-source.js';
import { readBoundedBody } from './bounded-body.js';

export interface RemoteJwksOptions {
  fetchTimeoutMs: number;
  /** Hard expiry: keys older than this (since the last successful fetch) are never used. */
  cacheMaxAgeMs: number;
  /** Soft expiry: after this the keys are refreshed, but kept if the provider does not answer. */
  refreshAfterMs: number;
  /** At most one fetch per provider in this window, whatever triggered it (staleness, unknown kid, failure). */
  refetchCooldownMs: number;
  clock: Clock;
}

interface CachedKeys {
  fetchedAt: number;
  resolve: ReturnType<typeof createLocalJWKSet>;
}

/**
 * Remote JWKS with stale-if-error semantics, which jose's createRemoteJWKSet lacks: an unreachable
 * provider keeps working on cached keys until the hard expiry, then verification fails closed.
 * Fetches are rate limited so that tokens with random kids cannot turn the gateway into a flood.
 */
export function remoteJwksSource(url: URL, options: RemoteJwksOptions): KeySource {
  let cache: CachedKeys | undefined;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<boolean> | undefined;

  const refresh = (): Promise<boolean> => {
    inFlight ??= fetchJwks(url, options.fetchTimeoutMs)
      .then((jwks) => {
        cache = { fetchedAt: options.clock.nowMs(), resolve: createLocalJWKSet(jwks) };
        return true;
      })
      .catch(() => false)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const refreshIfAllowed = async (): Promise<boolean> => {
    if (inFlight) return inFlight;
    if (options.clock.nowMs() - lastAttemptAt < options.refetchCooldownMs) return false;
    lastAttemptAt = options.clock.nowMs();
    return refresh();
  };

  const usable = (): CachedKeys | undefined =>
    cache && options.clock.nowMs() - cache.fetchedAt < options.cacheMaxAgeMs ? cache : undefined;

  return async (header) => {
    if (!cache || options.clock.nowMs() - cache.fetchedAt >= options.refreshAfterMs) await refreshIfAllowed();
    const keys = usable();
    if (!keys) throw new AuthError('PROVIDER_UNAVAILABLE');
    try {
      return await keys.resolve(header);
    } catch (error) {
      if (!isNoMatchingKey(error)) throw error;
      // An unknown kid usually means the provider rotated: look once more, within the rate limit.
      const fetched = await refreshIfAllowed();
      const fresh = usable();
      if (!fetched || !fresh) throw error;
      return fresh.resolve(header);
    }
  };
}

/**
 * A key set is a few kilobytes; a provider answering more (by mistake or compromised) must not make the gateway
 * buffer it. 256 KiB holds ~100 RSA-4096 keys.
 */
export const MAX_JWKS_BYTES = 256 * 1024;
/** More keys than any provider publishes at once (current, next and a few retired). */
export const MAX_JWKS_KEYS = 100;

async function fetchJwks(url: URL, timeoutMs: number): Promise<JSONWebKeySet> {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`JWKS endpoint answered ${response.status}`);
  }
  const body: unknown = JSON.parse(await readBoundedBody(response, MAX_JWKS_BYTES, 'JWKS endpoint'));
  if (!isJsonWebKeySet(body)) throw new Error('JWKS endpoint returned no key set');
  if (body.keys.length > MAX_JWKS_KEYS)
    throw new Error(`JWKS endpoint returned more than ${MAX_JWKS_KEYS} keys`);
  return body;
}

/** A JSON Web Key Set as a JWKS endpoint must answer: `keys`, an array of objects (jose checks each key). */
export function isJsonWebKeySet(value: unknown): value is JSONWebKeySet {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { keys?: unknown }).keys) &&
    (value as { keys: unknown[] }).keys.every((key) => typeof key === 'object' && key !== null)
  );
}
