import { Inject, Injectable } from '@nestjs/common';
import {
  createTokenVerifier,
  isAuthError,
  remoteProviderVerification,
  type Principal,
  type TokenVerifier,
} from '@meshplane/auth';
import { UnauthenticatedError } from '@meshplane/graphql';
import { IDENTITY_CONFIG, TOKEN_AUDIENCE, type IdentityConfig } from '../config/identity.config.js';
import { PrincipalResolutionService } from '../principals/principal-resolution.service.js';
import { LoginStatesService } from './login-states.service.js';
import { RemoteGrantsService } from './remote-grants.service.js';
import { PERSISTENCE_SCOPE, RemoteOAuthClient, type ProviderTokens } from './remote-oauth.client.js';
import { RemoteProvidersRegistry } from './remote-providers.registry.js';

export interface BeginLoginResult {
  authorizationUrl: string;
  state: string;
}

/** Signing in through a remote provider: the code + PKCE round trip, or a provider token exchanged for ours. */
@Injectable()
export class RemoteLoginService {
  private readonly verifier: TokenVerifier;

  constructor(
    private readonly registry: RemoteProvidersRegistry,
    private readonly states: LoginStatesService,
    private readonly oauth: RemoteOAuthClient,
    private readonly principals: PrincipalResolutionService,
    private readonly grants: RemoteGrantsService,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
  ) {
    this.verifier = createTokenVerifier({
      providers: config.REMOTE_PROVIDERS.map((entry) => remoteProviderVerification(entry, TOKEN_AUDIENCE)),
      clockToleranceSec: 30,
    });
  }

  async begin(provider: string): Promise<BeginLoginResult> {
    this.registry.entry(provider);
    const { state, codeChallenge } = await this.states.begin(provider);
    return { authorizationUrl: await this.oauth.authorizationUrl(provider, state, codeChallenge), state };
  }

  /**
   * The Meshplane user behind a completed authorization (identity and user created on first login). When the user
   * granted `persistence`, the provider's refresh token is kept (sealed) so that their results can be stored there.
   */
  async complete(provider: string, code: string, state: string): Promise<string> {
    this.registry.entry(provider);
    const { codeVerifier } = await this.states.complete(provider, state);
    const tokens = await this.oauth.exchangeCode(provider, code, codeVerifier);
    const principal = await this.verify(provider, tokens.accessToken);
    const userId = await this.enrol(provider, tokens.accessToken, principal);
    await this.keepGrant(userId, provider, principal.subject, tokens);
    return userId;
  }

  /** Token exchange: a provider's access token, verified against its JWKS, signs its holder in. */
  async exchange(provider: string, accessToken: string): Promise<string> {
    this.registry.entry(provider);
    return this.enrol(provider, accessToken, await this.verify(provider, accessToken));
  }

  private async keepGrant(userId: string, provider: string, subject: string, tokens: ProviderTokens) {
    if (tokens.refreshToken === undefined || !tokens.scopes.includes(PERSISTENCE_SCOPE)) return;
    await this.grants.save(userId, provider, subject, tokens.refreshToken, tokens.scopes);
  }

  private async enrol(provider: string, accessToken: string, principal: Principal): Promise<string> {
    const profile = await this.oauth.userinfo(provider, accessToken);
    if (profile.sub !== principal.subject) throw new UnauthenticatedError('The provider token is not valid');
    const name = profile.name ?? profile.preferred_username;
    return this.principals.enrol(
      provider,
      principal.subject,
      {
        ...(profile.email === undefined ? {} : { email: profile.email }),
        ...(name === undefined ? {} : { name }),
      },
      true,
    );
  }

  private async verify(provider: string, accessToken: string): Promise<Principal> {
    let principal: Principal;
    try {
      principal = await this.verifier.verify(accessToken);
    } catch (error) {
      if (isAuthError(error)) throw new UnauthenticatedError('The provider token is not valid');
      throw error;
    }
    // A token from another configured provider must not sign in as this one's subject.
    if (principal.provider !== provider) throw new UnauthenticatedError('The provider token is not valid');
    return principal;
  }
}
