import { UseFilters } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import {
  checkUuid,
  CurrentCaller,
  requireUser,
  ValidationFailedError,
  type Caller,
} from '@meshplane/graphql';
import { LOCAL_PROVIDER } from '../config/identity.config.js';
import { LocalLoginService } from '../local/local-login.service.js';
import { PasswordChangeService } from '../local/password-change.service.js';
import { OidcLoginService } from '../oidc/oidc-login.service.js';
import { RemoteLoginService } from '../remote/remote-login.service.js';
import { CLIENT_ARG, originOf } from './client-label.js';
import { ExpectedSignInFailureFilter } from './expected-sign-in-failure.filter.js';
import { BeginLoginResult } from './models/begin-login.model.js';
import { TokenPair } from './models/token-pair.model.js';
import { SessionsService } from './sessions.service.js';

/** Sign-in, refresh, sign-out and organization switching: open to anonymous callers except where noted. */
@Resolver()
export class SessionsResolver {
  constructor(
    private readonly sessions: SessionsService,
    private readonly local: LocalLoginService,
    private readonly remote: RemoteLoginService,
    private readonly oidc: OidcLoginService,
    private readonly passwords: PasswordChangeService,
  ) {}

  @Mutation(() => TokenPair, {
    description:
      'Sign in with the local provider (email and password). Failed attempts are limited per account and per ' +
      'client address: past the limit the answer is TOO_MANY_ATTEMPTS with extensions.retryAfterSeconds.',
  })
  @UseFilters(ExpectedSignInFailureFilter)
  async login(
    @CurrentCaller() caller: Caller,
    @Args('provider') provider: string,
    @Args('email') email: string,
    @Args('password') password: string,
    @Args('client', CLIENT_ARG) client?: string | null,
  ): Promise<TokenPair> {
    if (provider !== LOCAL_PROVIDER) {
      throw new ValidationFailedError('provider', `password login is offered by "${LOCAL_PROVIDER}" only`);
    }
    const origin = originOf(caller, LOCAL_PROVIDER, client);
    return this.sessions.start(await this.local.authenticate(email, password, caller.clientAddress), origin);
  }

  @Mutation(() => Boolean, {
    description:
      'Change your local password from a signed-in session (at least 12 characters, not a common password, no ' +
      'keyboard sequence, not containing your email): your other sessions end.',
  })
  @UseFilters(ExpectedSignInFailureFilter)
  async changePassword(
    @CurrentCaller() caller: Caller,
    @Args('currentPassword') currentPassword: string,
    @Args('newPassword') newPassword: string,
  ): Promise<boolean> {
    await this.passwords.change(caller, requireUser(caller), currentPassword, newPassword);
    return true;
  }

  @Mutation(() => BeginLoginResult, {
    description:
      'Start signing in with a remote or OpenID Connect provider: send the browser to authorizationUrl. ' +
      'OpenID Connect providers also take a redirectUri on a loopback address (RFC 8252, for command-line ' +
      'clients); LOGIN_REDIRECT_URI otherwise. IDENTITY_PROVIDER_UNAVAILABLE when the provider cannot be reached.',
  })
  beginLogin(
    @Args('provider') provider: string,
    @Args('redirectUri', { type: () => String, nullable: true }) redirectUri?: string | null,
  ): Promise<BeginLoginResult> {
    if (this.oidc.handles(provider)) return this.oidc.begin(provider, redirectUri);
    if (redirectUri !== undefined && redirectUri !== null) {
      throw new ValidationFailedError('redirectUri', 'only OpenID Connect providers take a redirect URI');
    }
    return this.remote.begin(provider);
  }

  @Mutation(() => TokenPair, {
    description:
      'Finish a sign-in with what the provider redirected back: code, state and, when the provider sends it ' +
      '(RFC 9207), iss. The state works once. A refused sign-in is UNAUTHENTICATED with extensions.reason ' +
      '(STATE_INVALID, CODE_REFUSED, ID_TOKEN_INVALID); an unreachable provider IDENTITY_PROVIDER_UNAVAILABLE.',
  })
  async completeLogin(
    @CurrentCaller() caller: Caller,
    @Args('provider') provider: string,
    @Args('code') code: string,
    @Args('state') state: string,
    @Args('iss', { type: () => String, nullable: true }) iss?: string | null,
    @Args('client', CLIENT_ARG) client?: string | null,
  ): Promise<TokenPair> {
    const origin = originOf(caller, provider, client);
    const userId = this.oidc.handles(provider)
      ? await this.oidc.complete(provider, code, state, iss)
      : await this.remote.complete(provider, code, state);
    return this.sessions.start(userId, origin);
  }

  @Mutation(() => TokenPair, {
    description: "Exchange a remote provider's access token for Meshplane tokens.",
  })
  async exchangeToken(
    @CurrentCaller() caller: Caller,
    @Args('provider') provider: string,
    @Args('accessToken') accessToken: string,
    @Args('client', CLIENT_ARG) client?: string | null,
  ): Promise<TokenPair> {
    const origin = originOf(caller, provider, client);
    return this.sessions.start(await this.remote.exchange(provider, accessToken), origin);
  }

  @Mutation(() => TokenPair, { description: 'The next token pair; the refresh token given works only once.' })
  refreshToken(@Args('refreshToken') refreshToken: string): Promise<TokenPair> {
    return this.sessions.refresh(refreshToken);
  }

  @Mutation(() => Boolean, { description: 'End the session: its refresh and access tokens stop working.' })
  async logout(@Args('refreshToken') refreshToken: string): Promise<boolean> {
    await this.sessions.logout(refreshToken);
    return true;
  }

  @Mutation(() => TokenPair, { description: 'A token pair working in another organization you belong to.' })
  switchOrganization(
    @CurrentCaller() caller: Caller,
    @Args('orgId', { type: () => ID }) orgId: string,
  ): Promise<TokenPair> {
    return this.sessions.switchOrganization(caller, requireUser(caller), checkUuid(orgId, 'orgId'));
  }
}
