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
import { RemoteOAuthClient } from './remote-oauth.client.js';
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

  /** The Meshplane user behind a completed authorization (identity and user created on first login). */
  async complete(provider: string, code: string, state: string): Promise<string> {
    this.registry.entry(provider);
    const { codeVerifier } = await this.states.complete(provider, state);
    const accessToken = await this.oauth.exchangeCode(provider, code, codeVerifier);
    return this.enrol(provider, accessToken);
  }

  /** Token exchange: a provider's access token, verified against its JWKS, signs its holder in. */
  async exchange(provider: string, accessToken: string): Promise<string> {
    this.registry.entry(provider);
    return this.enrol(provider, accessToken);
  }

  private async enrol(provider: string, accessToken: string): Promise<string> {
    const principal = await this.verify(provider, accessToken);
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
