import { UseFilters } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requirePlatformOperator, type Caller } from '@meshplane/graphql';
import { LOCAL_PROVIDER } from '../config/identity.config.js';
import { CLIENT_ARG, originOf } from '../sessions/client-label.js';
import { ExpectedSignInFailureFilter } from '../sessions/expected-sign-in-failure.filter.js';
import { TokenPair } from '../sessions/models/token-pair.model.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { LocalSignupService } from './invitation-signup.service.js';
import { PasswordResetLink } from './models/password-reset-link.model.js';
import { PasswordResetService } from './password-reset.service.js';

const POLICY =
  'at least 12 characters; not a common password, nor one with digits or symbols added; no keyboard sequence; ' +
  'not containing the email';

/** Local accounts beyond the bootstrap admin: signing up through an invitation, and operator-issued resets. */
@Resolver()
export class LocalUsersResolver {
  constructor(
    private readonly signup: LocalSignupService,
    private readonly resets: PasswordResetService,
    private readonly sessions: SessionsService,
  ) {}

  @Mutation(() => TokenPair, {
    description:
      'Accept an invitation sent to an address that has no account yet: choose a password (' +
      POLICY +
      ') and become a local user and a member, signed in. An address with an account signs in and uses ' +
      'acceptInvitation instead. Throttled like login.',
  })
  @UseFilters(ExpectedSignInFailureFilter)
  async signUpWithInvitation(
    @CurrentCaller() caller: Caller,
    @Args('token') token: string,
    @Args('password') password: string,
    @Args('displayName', { type: () => String, nullable: true }) displayName?: string | null,
    @Args('client', CLIENT_ARG) client?: string | null,
  ): Promise<TokenPair> {
    const origin = originOf(caller, LOCAL_PROVIDER, client);
    const userId = await this.signup.signUp(token, password, displayName ?? undefined, caller.clientAddress);
    return this.sessions.start(userId, origin);
  }

  @Mutation(() => PasswordResetLink, {
    description:
      'Platform operators only: a one-time password reset for a local account, shown this once (no mail is ' +
      'sent: hand the link over). It expires after PASSWORD_RESET_TTL_MINUTES; a newer one replaces it.',
  })
  createPasswordResetLink(
    @CurrentCaller() caller: Caller,
    @Args('email') email: string,
  ): Promise<PasswordResetLink> {
    return this.resets.issue(requirePlatformOperator(caller), email);
  }

  @Mutation(() => Boolean, {
    description:
      'Set a new password with a reset token (' +
      POLICY +
      '): works once; every session of the account ends. Throttled like login.',
  })
  @UseFilters(ExpectedSignInFailureFilter)
  async resetPassword(
    @CurrentCaller() caller: Caller,
    @Args('token') token: string,
    @Args('newPassword') newPassword: string,
  ): Promise<boolean> {
    await this.resets.redeem(token, newPassword, caller.clientAddress);
    return true;
  }
}
