import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type CryptoKey,
  type JWSHeaderParameters,
  type JWTPayload,
} from 'jose';
import type { Clock } from '@meshplane/runtime';
import { isJsonWebKeySet } from '@meshplane/auth';
import { UnreachableError, type PolicyFetch } from './policy-fetch.js';

/** Asymmetric only: an HMAC-signed ID token would be signed with the client secret, which Meshplane also holds. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
const CLOCK_TOLERANCE_SECONDS = 30;
/** A provider that rotated is asked again at most this often (an unknown kid right after a fetch waits for it). */
export const JWKS_REFETCH_COOLDOWN_MS = 5_000;

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce: string;
  jwksUri: string;
}

interface CachedKeys {
  uri: string;
  fetchedAt: number;
  resolve: (header: JWSHeaderParameters) => Promise<CryptoKey>;
}

/** The ID token did not pass: why, for the log (never for the client). */
export class IdTokenRejectedError extends Error {
  override readonly name = 'IdTokenRejectedError';
}

/**
 * Verifies an ID token's signature against the provider's JWKS and its claims (issuer, audience, authorized party,
 * expiry, issued-at, nonce) on Meshplane's clock. Keys are cached per provider and fetched again when a token names
 * a key id the cache lacks, so a provider that rotates its keys is followed without a restart; openid-client's own
 * key cache waits a minute before it looks again, hence this one.
 */
export class IdTokenVerifier {
  private readonly keys = new Map<string, CachedKeys>();

  constructor(
    private readonly fetch: PolicyFetch,
    private readonly clock: Clock,
  ) {}

  async verify(provider: string, idToken: string, expected: IdTokenExpectations): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, (header) => this.key(provider, expected.jwksUri, header), {
        issuer: expected.issuer,
        audience: expected.clientId,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError)
        throw new IdTokenRejectedError(`${error.code}: ${error.message}`);
      throw error;
    }
    if (payload['nonce'] !== expected.nonce) throw new IdTokenRejectedError('nonce mismatch');
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audiences.length > 1 && payload['azp'] !== expected.clientId) {
      throw new IdTokenRejectedError('several audiences without this client as authorized party');
    }
    return payload;
  }

  private async key(provider: string, uri: string, header: JWSHeaderParameters): Promise<CryptoKey> {
    let cached = this.keys.get(provider);
    if (cached === undefined || cached.uri !== uri) cached = await this.refresh(provider, uri);
    try {
      return await cached.resolve(header);
    } catch (error) {
      const unknownKey =
        error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys;
      if (!unknownKey || this.clock.nowMs() - cached.fetchedAt < JWKS_REFETCH_COOLDOWN_MS) throw error;
      return (await this.refresh(provider, uri)).resolve(header);
    }
  }

  private async refresh(provider: string, uri: string): Promise<CachedKeys> {
    const response = await this.fetch(uri, { headers: { accept: 'application/json' } });
    if (response.status !== 200) throw new UnreachableError(`the JWKS endpoint answered ${response.status}`);
    const body: unknown = await response.json();
    if (!isJsonWebKeySet(body)) throw new IdTokenRejectedError('the JWKS endpoint returned no key set');
    const cached = { uri, fetchedAt: this.clock.nowMs(), resolve: createLocalJWKSet(body) };
    this.keys.set(provider, cached);
    return cached;
  }
}
