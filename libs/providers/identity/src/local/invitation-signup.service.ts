import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InvitationSignup } from '@meshplane/providers-tenancy';
import { LOCAL_PROVIDER } from '../config/identity.config.js';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { LocalCredentialEntity } from './local-credential.entity.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword } from './password-hash.js';
import { assertAcceptablePassword } from './password-policy.js';

/**
 * An invitation to an address without an account, redeemed with a password: the invitee becomes a local user and a
 * member at once (the invitation used up in the same transaction). Throttled like a sign-in, per invitation and
 * per client address; the password policy applies.
 */
@Injectable()
export class LocalSignupService {
  constructor(
    private readonly signup: InvitationSignup,
    private readonly identities: IdentitiesRepository,
    private readonly throttle: LoginThrottle,
  ) {}

  /** The new user's id. */
  async signUp(
    token: string,
    password: string,
    displayName: string | undefined,
    clientAddress: string | undefined,
  ): Promise<string> {
    const attempt = await this.throttle.reserve(`invitation:${digest(token)}`, clientAddress);
    const email = await this.signup.addressOf(token);
    assertAcceptablePassword('password', password, email);
    const passwordHash = await hashPassword(password);
    const member = await this.signup.signUp(token, displayName, async (manager, user) => {
      await manager.insert(LocalCredentialEntity, { userId: user.id, email: user.email, passwordHash });
    });
    await this.throttle.succeeded(attempt);
    await this.identities.link(
      { provider: LOCAL_PROVIDER, subject: member.userId, userId: member.userId, email: member.email },
      true,
    );
    return member.userId;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
