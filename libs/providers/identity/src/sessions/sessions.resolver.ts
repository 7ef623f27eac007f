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
import { RemoteLoginService } from '../remote/remote-login.service.js';
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
  ): Promise<TokenPair> {
    if (provider !== LOCAL_PROVIDER) {
      throw new ValidationFailedError('provider', `password login is offered by "${LOCAL_PROVIDER}" only`);
    }
    return this.sessions.start(await this.local.authenticate(email, password, caller.clientAddress));
  }

  @Mutation(() => Boolean, {
    description:
      'Change your local password (at least 12 characters) from a signed-in session: your other sessions end.',
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

  @Mutation(() => BeginLoginResult, { description: 'Start signing in with a remote provider.' })
  beginLogin(@Args('provider') provider: string): Promise<BeginLoginResult> {
    return this.remote.begin(provider);
  }

  @Mutation(() => TokenPair, {
    description: 'Finish a remote sign-in with the code the provider redirected back.',
  })
  async completeLogin(
    @Args('provider') provider: string,
    @Args('code') code: string,
    @Args('state') state: string,
  ): Promise<TokenPair> {
    return this.sessions.start(await this.remote.complete(provider, code, state));
  }

  @Mutation(() => TokenPair, {
    description: "Exchange a remote provider's access token for Meshplane tokens.",
  })
  async exchangeToken(
    @Args('provider') provider: string,
    @Args('accessToken') accessToken: string,
  ): Promise<TokenPair> {
    return this.sessions.start(await this.remote.exchange(provider, accessToken));
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
