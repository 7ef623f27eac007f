import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { ACCESS_TOKEN_TYPE, ALLOWED_ALGORITHMS } from './access-token.claims.js';
import { AuthError } from './auth-error.js';
import { systemClock, type Clock } from '@meshplane/runtime';
import { localKeySource, type JwksProvider, type KeySource } from './jwks-key-source.js';
import { principalFromClaims, type Principal } from './principal.js';
import { remoteJwksSource } from './remote-jwks.cache.js';

interface ProviderBase {
  name: string;
  /** Exact `iss` value; tokens are routed to a provider by it. */
  issuer: string;
  audience: string | string[];
}

export type TokenProviderConfig =
  | (ProviderBase & { jwksUrl: string | URL; jwks?: never })
  | (ProviderBase & { jwks: JwksProvider; jwksUrl?: never });

export interface TokenVerifierOptions {
  providers: readonly TokenProviderConfig[];
  clockToleranceSec?: number;
  fetchTimeoutMs?: number;
  /** Hard expiry of cached remote keys. */
  cacheMaxAgeMs?: number;
  /** When cached remote keys are refreshed; defaults to a quarter of cacheMaxAgeMs, at most 5 minutes. */
  refreshAfterMs?: number;
  /** Minimum interval between two JWKS fetches for one provider. */
  refetchCooldownMs?: number;
  isRevoked?: (tokenId: string) => boolean | Promise<boolean>;
  clock?: Clock;
}

export interface TokenVerifier {
  /** Resolves the principal or throws AuthError; never another error type. */
  verify(token: string): Promise<Principal>;
}

interface ResolvedProvider {
  name: string;
  audience: string | string[];
  keys: KeySource;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const clock = options.clock ?? systemClock;
  const providers = buildProviders(options, clock);
  const tolerance = options.clockToleranceSec ?? 30;

  const verifyWith = async (
    issuer: string,
    provider: ResolvedProvider,
    token: string,
  ): Promise<Principal> => {
    const { payload } = await jwtVerify(token, (header) => provider.keys(header), {
      issuer,
      audience: provider.audience,
      algorithms: [...ALLOWED_ALGORITHMS],
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['exp', 'sub', 'jti'],
      clockTolerance: tolerance,
      currentDate: clock.now(),
    });
    const principal = principalFromClaims(provider.name, payload);
    if (options.isRevoked && (await options.isRevoked(principal.tokenId)))
      throw new AuthError('TOKEN_REVOKED');
    return principal;
  };

  return {
    async verify(token) {
      const issuer = unverifiedIssuer(token);
      const provider = providers.get(issuer);
      if (!provider) throw new AuthError('UNKNOWN_PROVIDER');
      try {
        return await verifyWith(issuer, provider, token);
      } catch (error) {
        throw toAuthError(error);
      }
    },
  };
}

/** Only routes the token to a provider; nothing read here is trusted before the signature is checked. */
function unverifiedIssuer(token: string): string {
  let payload: JWTPayload;
  try {
    const header = decodeProtectedHeader(token);
    if (!(ALLOWED_ALGORITHMS as readonly unknown[]).includes(header.alg))
      throw new Error('algorithm not allowed');
    payload = decodeJwt(token);
  } catch (cause) {
    throw new AuthError('TOKEN_INVALID', { cause });
  }
  if (typeof payload.iss !== 'string') throw new AuthError('TOKEN_INVALID');
  return payload.iss;
}

function buildProviders(options: TokenVerifierOptions, clock: Clock): Map<string, ResolvedProvider> {
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 60 * 60_000;
  const remote = {
    fetchTimeoutMs: options.fetchTimeoutMs ?? 5_000,
    cacheMaxAgeMs,
    refreshAfterMs: options.refreshAfterMs ?? Math.min(cacheMaxAgeMs / 4, 5 * 60_000),
    refetchCooldownMs: options.refetchCooldownMs ?? 30_000,
    clock,
  };
  const byIssuer = new Map<string, ResolvedProvider>();
  for (const provider of options.providers) {
    if (byIssuer.has(provider.issuer)) throw new Error(`Two providers share the issuer ${provider.issuer}`);
    const keys =
      provider.jwks !== undefined
        ? localKeySource(provider.jwks)
        : remoteJwksSource(new URL(provider.jwksUrl), remote);
    byIssuer.set(provider.issuer, { name: provider.name, audience: provider.audience, keys });
  }
  return byIssuer;
}

function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (error instanceof errors.JWTExpired) return new AuthError('TOKEN_EXPIRED', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
    return new AuthError('TOKEN_NOT_YET_VALID', { cause: error });
  }
  return new AuthError('TOKEN_INVALID', { cause: error });
}
