import { createHash, randomUUID } from 'node:crypto';
import {
  createTokenVerifier,
  INTERNAL_CONTEXT_HEADER,
  isAuthError,
  parseApiTokenId,
  remoteProviderVerification,
  signInternalContext,
  type InternalContext,
  type InternalContextKind,
  type RemoteProviderEntry,
  type TokenVerifier,
} from '@meshplane/auth';
import {
  INTERNAL_ENDPOINTS_AUDIENCE,
  INTERNAL_PATHS,
  ORG_HEADER,
  principalRejectionSchema,
  resolvedPrincipalSchema,
  type ResolvePrincipalRequest,
} from '@meshplane/contracts';
import { isUuid } from '@meshplane/graphql';
import { systemClock, type Clock } from '@meshplane/runtime';
import { traceHeaders } from '@meshplane/telemetry';
import { AuthFailure } from './auth-failure.js';
import { PrincipalCache } from './principal-cache.js';

export interface AuthenticatorOptions {
  /** Newest first: the first signs the internal context. */
  contextSecrets: readonly string[];
  contextTtlMs: number;
  /** Base URL of the providers service (its internal endpoints and the local provider's JWKS). */
  providersUrl: string;
  localIssuer: string;
  audience: string;
  remoteProviders: readonly RemoteProviderEntry[];
  /** How long remote keys may be used once their provider stops answering. */
  jwksMaxAgeMs: number;
  jwksRefetchCooldownMs: number;
  cacheMaxEntries: number;
  /** Upper bound on reusing one answer of providers: how late a revocation or role change may apply. */
  cacheMaxAgeMs: number;
  fetchTimeoutMs: number;
  /** Business time (token expiry, cache ages); the system clock by default. */
  clock?: Clock;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const MAX_AUTHORIZATION_LENGTH = 8192;
export const LOCAL_PROVIDER = 'local';

/**
 * Turns a client request into the signed caller context every subgraph verifies: no Authorization means
 * an anonymous caller (who can reach login flows and public fields only); a bearer JWT is verified
 * against the keys of the provider that issued it, an API token is checked by providers; either way
 * providers then says which user, organization and roles the holder has. Any failure refuses the
 * request with a fixed message per reason, and nothing of the token or the cause reaches the client.
 */
export class Authenticator {
  private readonly verifier: TokenVerifier;
  private readonly cache: PrincipalCache;
  private readonly clock: Clock;

  constructor(private readonly options: AuthenticatorOptions) {
    this.clock = options.clock ?? systemClock;
    this.cache = new PrincipalCache(options.cacheMaxEntries);
    this.verifier = createTokenVerifier({
      providers: [
        {
          name: LOCAL_PROVIDER,
          issuer: options.localIssuer,
          audience: options.audience,
          jwksUrl: new URL(INTERNAL_PATHS.jwks, options.providersUrl),
        },
        ...options.remoteProviders.map((entry) => remoteProviderVerification(entry, options.audience)),
      ],
      cacheMaxAgeMs: options.jwksMaxAgeMs,
      refetchCooldownMs: options.jwksRefetchCooldownMs,
      fetchTimeoutMs: options.fetchTimeoutMs,
      clock: this.clock,
    });
  }

  /**
   * The signed context for one subgraph: it names that subgraph as its audience, so a subgraph that
   * received it cannot replay it at another.
   */
  sign(context: InternalContext, audience: string, kind: InternalContextKind = 'user'): string {
    const [secret] = this.options.contextSecrets;
    if (secret === undefined) throw new Error('No internal context secret is configured');
    return signInternalContext(context, secret, {
      ttlMs: this.options.contextTtlMs,
      audience,
      kind,
      now: this.clock.nowMs(),
    });
  }

  /**
   * `fresh`: ask providers again instead of reusing a cached answer (the periodic check of open
   * subscriptions); the fresh answer replaces the cached one. `clientAddress`: the peer address of the client's
   * connection, passed on for sign-in throttling.
   */
  async authenticate(
    headers: Headers,
    options: { fresh?: boolean; clientAddress?: string } = {},
  ): Promise<InternalContext> {
    const requestId = randomUUID();
    const { clientAddress } = options;
    const perRequest = { requestId, ...(clientAddress === undefined ? {} : { clientAddress }) };
    const authorization = single(headers['authorization'], 'authorization');
    const requestedOrg = single(headers[ORG_HEADER], ORG_HEADER);
    if (requestedOrg !== undefined && !isUuid(requestedOrg)) {
      throw new AuthFailure(
        400,
        'BAD_ORG_HEADER',
        `The ${ORG_HEADER} header must be an organization id (a UUID).`,
      );
    }
    if (authorization === undefined) return { ...perRequest, roles: [] };
    const token = bearerToken(authorization);
    const key = cacheKey(token, requestedOrg);
    const cached = options.fresh ? undefined : this.cache.get(key, this.clock.nowMs());
    if (cached) return { ...cached, ...perRequest };
    const apiTokenId = parseApiTokenId(token);
    const { context, until } =
      apiTokenId !== undefined
        ? await this.resolveApiToken(token, apiTokenId)
        : await this.resolveJwt(token, requestedOrg);
    this.cache.set(key, context, Math.min(until, this.clock.nowMs() + this.options.cacheMaxAgeMs));
    return { ...context, ...perRequest };
  }

  private async resolveApiToken(token: string, tokenId: string) {
    const resolved = await this.resolve(INTERNAL_PATHS.verifyApiToken, { token }, LOCAL_PROVIDER);
    return {
      ...resolved,
      context: { ...resolved.context, credential: 'api-token' as const, credentialId: tokenId },
    };
  }

  private async resolveJwt(token: string, requestedOrg: string | undefined) {
    let principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      if (!isAuthError(error)) throw error;
      if (error.code === 'PROVIDER_UNAVAILABLE') {
        throw new AuthFailure(503, error.code, error.message, { cause: error });
      }
      throw new AuthFailure(401, error.code, error.message, { cause: error });
    }
    // A remote provider's org_id names one of its own organizations, not a Meshplane one: only ours count.
    const claimedOrg = principal.provider === LOCAL_PROVIDER ? principal.orgId : undefined;
    const orgId = requestedOrg ?? (claimedOrg !== undefined && isUuid(claimedOrg) ? claimedOrg : undefined);
    const request: ResolvePrincipalRequest = {
      provider: principal.provider,
      subject: principal.subject,
      tokenId: principal.tokenId,
      expiresAt: principal.expiresAt.toISOString(),
      ...(orgId === undefined ? {} : { orgId }),
    };
    const resolved = await this.resolve(INTERNAL_PATHS.resolvePrincipal, request, principal.provider);
    return {
      context: { ...resolved.context, credential: 'access-token' as const, credentialId: principal.tokenId },
      until: Math.min(resolved.until, principal.expiresAt.getTime()),
    };
  }

  private async resolve(path: string, body: unknown, provider: string) {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.options.providersUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // With tracing on, resolving the caller shows in the request's trace.
          ...traceHeaders(),
          // The gateway itself, as a service: providers' internal endpoints refuse any user context.
          [INTERNAL_CONTEXT_HEADER]: this.sign(
            { requestId: randomUUID(), roles: [] },
            INTERNAL_ENDPOINTS_AUDIENCE,
            'service',
          ),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.fetchTimeoutMs),
      });
    } catch (cause) {
      throw new AuthFailure(503, 'PROVIDER_UNAVAILABLE', 'The identity service is unavailable.', { cause });
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.status === 401 || response.status === 403) {
      const rejection = principalRejectionSchema.safeParse(payload);
      const code = rejection.success ? rejection.data.code : 'TOKEN_INVALID';
      throw new AuthFailure(
        response.status,
        code,
        rejection.success ? rejection.data.message : 'The token is invalid.',
      );
    }
    const resolved = resolvedPrincipalSchema.safeParse(payload);
    if (!response.ok || !resolved.success) {
      throw new AuthFailure(503, 'PROVIDER_UNAVAILABLE', 'The identity service is unavailable.');
    }
    const { userId, orgId, roles, cacheUntil, platformOperator } = resolved.data;
    // An API token never carries operator power, whatever providers answers: only a provider-signed token does.
    const operator = platformOperator === true && path !== INTERNAL_PATHS.verifyApiToken;
    return {
      context: {
        userId,
        roles,
        provider,
        ...(orgId === undefined ? {} : { orgId }),
        ...(operator ? { platformOperator: true } : {}),
      },
      until: Date.parse(cacheUntil),
    };
  }
}

function single(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw new AuthFailure(400, 'DUPLICATE_HEADER', `Send the ${name} header once.`);
  return value === undefined || value === '' ? undefined : value;
}

function bearerToken(authorization: string): string {
  if (authorization.length > MAX_AUTHORIZATION_LENGTH) {
    throw new AuthFailure(401, 'TOKEN_INVALID', 'The token is invalid.');
  }
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
  if (!match?.[1]) {
    throw new AuthFailure(401, 'BAD_AUTHORIZATION', 'Send credentials as "Authorization: Bearer <token>".');
  }
  return match[1];
}

/** Groups open streams by credential without keeping the credential itself as a map key. */
export function credentialKey(authorization: string, org: string | undefined): string {
  return cacheKey(authorization, org);
}

/** Hashed, so the cache never holds a usable credential in memory dumps. */
function cacheKey(token: string, org: string | undefined): string {
  return createHash('sha256')
    .update(token)
    .update('\0')
    .update(org ?? '')
    .digest('base64url');
}
