import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { UnauthenticatedError } from '@meshplane/graphql';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { RemoteProvidersRegistry } from './remote-providers.registry.js';

const FETCH_TIMEOUT_MS = 10_000;

const tokenResponseSchema = z.object({ access_token: z.string().min(1), token_type: z.string() });
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

  async authorizationUrl(provider: string, state: string, codeChallenge: string): Promise<string> {
    const url = await this.registry.endpoint(provider, 'login');
    const params = {
      response_type: 'code',
      client_id: this.config.REMOTE_PROVIDER_CLIENT_ID,
      redirect_uri: this.config.LOGIN_REDIRECT_URI,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      scope: 'profile',
      state,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  }

  /** The provider's access token for an authorization code; a refused code is UNAUTHENTICATED. */
  async exchangeCode(provider: string, code: string, codeVerifier: string): Promise<string> {
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
    return tokenResponseSchema.parse(await response.json()).access_token;
  }

  async userinfo(provider: string, accessToken: string): Promise<RemoteUserinfo> {
    const response = await this.call(await this.registry.endpoint(provider, 'userinfo'), {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    return userinfoSchema.parse(await response.json());
  }

  private async call(url: URL, init: RequestInit): Promise<Response> {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    // The provider's own error body may echo what was sent; the client only learns that it was refused.
    if (response.status === 400 || response.status === 401) {
      throw new UnauthenticatedError('The identity provider refused the login: start it again');
    }
    if (!response.ok) throw new Error(`${url.pathname} at the provider answered ${response.status}`);
    return response;
  }
}
