import { Injectable } from '@nestjs/common';
import { ForbiddenError, ValidationFailedError, type Caller } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { SessionsService } from '../sessions/sessions.service.js';
import { RefreshTokensService } from '../tokens/refresh-tokens.service.js';
import { LocalCredentialsRepository } from './local-credentials.repository.js';
import { InvalidCredentialsError } from './local-login.service.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { assertAcceptablePassword, MAX_PASSWORD_LENGTH } from './password-policy.js';

/**
 * A local user changes their own password from a signed-in session, proving the current one (throttled like a
 * sign-in: a stolen session must not become a password oracle). Every other session of the user ends: whoever
 * knew the old password is signed out.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly credentials: LocalCredentialsRepository,
    private readonly sessions: SessionsService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {}

  async change(caller: Caller, userId: string, current: string, next: string): Promise<void> {
    const session = await this.sessions.sessionOf(caller, userId);
    const credential = await this.credentials.findByUserId(userId);
    if (!credential) {
      throw new ForbiddenError('Your account signs in through a remote provider: change the password there', {
        reason: 'NOT_A_LOCAL_ACCOUNT',
      });
    }
    assertAcceptablePassword('newPassword', next, credential.email);
    const attempt = await this.throttle.reserve(credential.email, caller.clientAddress);
    const matches =
      current.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(current, credential.passwordHash));
    if (!matches) throw new InvalidCredentialsError();
    await this.throttle.succeeded(attempt);
    if (current === next)
      throw new ValidationFailedError('newPassword', 'must differ from the current password');
    await this.credentials.updatePassword(userId, await hashPassword(next), this.clock.now());
    await this.refreshTokens.revokeSessionsOfUser(userId, session.familyId);
  }
}
