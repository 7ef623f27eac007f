import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { UnauthenticatedError } from '@meshplane/graphql';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { RemoteProvidersRegistry } from './remote-providers.registry.js';

const FETCH_TIMEOUT_MS = 10_000;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  refresh_token: z.string().min(1).max(4_096).optional(),
  scope: z.string().max(1_000).optional(),
});

/** The optional feature a provider advertises when it stores performance results for its users. */
export const PERSIST_RESULTS_FEATURE = 'persist-performance-results';
/** The scope its persistence endpoints require. */
export const PERSISTENCE_SCOPE = 'persistence';

/** What a provider's token endpoint answered: the access token and, when it gave them, a refresh token and scopes. */
export interface ProviderTokens {
  accessToken: string;
  refreshToken?: string;
  scopes: string[];
}

/** The provider refused a refresh token (expired, revoked, or reused): the user has to sign in there again. */
export class GrantRefusedError extends Error {
  constructor(readonly provider: string) {
    super(`${provider} refused Meshplane's grant: the user has to sign in through ${provider} again`);
    this.name = 'GrantRefusedError';
  }
}
const userinfoSchema = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
});
export type RemoteUserinfo = z.infer<typeof userinfoSchema>;

/** Meshplane as a public OAuth client of remote providers: code exchange (with PKCE) and userinfo. */
@Injectable()
export class RemoteOAuthClient {
  constructor(
    private readonly registry: RemoteProvidersRegistry,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /**
   * Scope `profile`, plus `persistence` when the provider advertises storing performance results: the user is asked
   * once, at sign-in, whether Meshplane may store their results there.
   */
  async authorizationUrl(provider: string, state: string, codeChallenge: string): Promise<string> {
    const url = await this.registry.endpoint(provider, 'login');
    const persists = await this.registry.advertised(provider, PERSIST_RESULTS_FEATURE).catch(() => null);
    const params = {
      response_type: 'code',
      client_id: this.config.REMOTE_PROVIDER_CLIENT_ID,
      redirect_uri: this.config.LOGIN_REDIRECT_URI,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      scope: persists ? `profile ${PERSISTENCE_SCOPE}` : 'profile',
      state,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  }

  /** The provider's tokens for an authorization code; a refused code is UNAUTHENTICATED. */
  async exchangeCode(provider: string, code: string, codeVerifier: string): Promise<ProviderTokens> {
    const response = await this.call(await this.registry.endpoint(provider, 'token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.config.LOGIN_REDIRECT_URI,
        client_id: this.config.REMOTE_PROVIDER_CLIENT_ID,
        code_verifier: codeVerifier,
      }).toString(),
    });
    return tokensOf(await response.json());
  }

  /**
   * A fresh access token for a refresh token (which the provider rotates: the answer carries the next one). A refused
   * refresh token is GrantRefusedError; an unreachable provider or a 5xx throws a plain (retryable) error.
   */
  async refresh(provider: string, refreshToken: string): Promise<ProviderTokens> {
    const response = await this.call(
      await this.registry.endpoint(provider, 'token'),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: this.config.REMOTE_PROVIDER_CLIENT_ID,
        }).toString(),
      },
      () => new GrantRefusedError(provider),
    );
    return tokensOf(await response.json());
  }

  async userinfo(provider: string, accessToken: string): Promise<RemoteUserinfo> {
    const response = await this.call(await this.registry.endpoint(provider, 'userinfo'), {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    return userinfoSchema.parse(await response.json());
  }

  /** Best effort RFC 7009 revocation of a refresh token Meshplane holds; never throws (the grant is gone here anyway). */
  async revoke(provider: string, refreshToken: string): Promise<boolean> {
    try {
      const response = await fetch(await this.registry.endpoint(provider, 'revocation'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: refreshToken,
          token_type_hint: 'refresh_token',
          client_id: this.config.REMOTE_PROVIDER_CLIENT_ID,
        }).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }

  /**
   * One call to the provider (never following a redirect). 400/401 throw `refused()` (a refused login by default);
   * another failure a plain, retryable error. Neither carries the provider's body, which may echo what was sent.
   */
  private async call(
    url: URL,
    init: RequestInit,
    refused: () => Error = () =>
      new UnauthenticatedError('The identity provider refused the login: start it again'),
  ): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (response.status === 400 || response.status === 401) {
      await response.body?.cancel();
      throw refused();
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${url.pathname} at the provider answered ${response.status}`);
    }
    return response;
  }
}

function tokensOf(body: unknown): ProviderTokens {
  const parsed = tokenResponseSchema.parse(body);
  return {
    accessToken: parsed.access_token,
    ...(parsed.refresh_token === undefined ? {} : { refreshToken: parsed.refresh_token }),
    scopes: (parsed.scope ?? '').split(' ').filter((scope) => scope !== ''),
  };
}
