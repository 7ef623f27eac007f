import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, NotFoundError } from '@meshplane/graphql';
import { UsersService } from '@meshplane/providers-tenancy';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { RefreshTokensService } from '../tokens/refresh-tokens.service.js';
import { LocalCredentialsRepository } from './local-credentials.repository.js';
import { LoginThrottle } from './login-throttle.js';
import type { PasswordResetLink } from './models/password-reset-link.model.js';
import { hashPassword } from './password-hash.js';
import { assertAcceptablePassword } from './password-policy.js';
import { PasswordResetsRepository } from './password-resets.repository.js';

const PREFIX = 'mppr_';

/** Unknown, used, replaced and expired tokens answer alike: the answer must not help whoever holds a guess. */
export class InvalidResetTokenError extends DomainError {
  constructor() {
    super(
      'RESET_TOKEN_INVALID',
      'This password reset is unknown, used or expired: ask the operator for a new one',
    );
  }
}

/**
 * Forgotten local passwords, without a mail server: a platform operator issues a one-time reset for an account
 * and hands the link over; redeeming it sets a new password (the policy applies) and ends every session of the
 * account, since whoever knew the old password may hold one. Redeeming is throttled like a sign-in.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly resets: PasswordResetsRepository,
    private readonly credentials: LocalCredentialsRepository,
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly throttle: LoginThrottle,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  async issue(operatorUserId: string, email: string): Promise<PasswordResetLink> {
    const credential = await this.credentials.findByEmail(email);
    // Remote and OpenID Connect accounts have no password here to reset.
    if (!credential) throw new NotFoundError('A local account with that email');
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.clock.nowMs();
    const expiresAt = new Date(now + this.config.PASSWORD_RESET_TTL_MINUTES * 60_000);
    await this.resets.replace({
      tokenHash: hashResetToken(token),
      userId: credential.userId,
      issuedBy: operatorUserId,
      createdAt: new Date(now),
      expiresAt,
      usedAt: null,
    });
    const link = new URL(this.config.PASSWORD_RESET_LINK_BASE);
    link.hash = new URLSearchParams({ token }).toString();
    return { email: credential.email, link: link.toString(), token, expiresAt };
  }

  async redeem(token: string, newPassword: string, clientAddress: string | undefined): Promise<void> {
    const tokenHash = hashResetToken(token);
    const attempt = await this.throttle.reserve(`password-reset:${tokenHash}`, clientAddress);
    const userId = token.startsWith(PREFIX) ? await this.resets.openUserOf(tokenHash) : undefined;
    const user = userId === undefined ? undefined : await this.users.findById(userId);
    if (!user) throw new InvalidResetTokenError();
    const credential = await this.credentials.findByUserId(user.id);
    assertAcceptablePassword('newPassword', newPassword, credential?.email ?? user.email);
    if ((await this.resets.redeem(tokenHash, await hashPassword(newPassword))) !== user.id) {
      throw new InvalidResetTokenError();
    }
    await this.throttle.succeeded(attempt);
    await this.refreshTokens.revokeSessionsOfUser(user.id);
  }
}

function hashResetToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
