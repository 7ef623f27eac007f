import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '@meshplane/graphql';
import { UsersService } from '@meshplane/providers-tenancy';
import { LOCAL_PROVIDER } from '../config/identity.config.js';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { LocalCredentialsRepository } from './local-credentials.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { DECOY_PASSWORD_HASH, verifyPassword } from './password-hash.js';

/** One message for every failure, so the answer never tells whether an account exists or is disabled. */
export const BAD_CREDENTIALS = 'Wrong email or password';

/** A refused sign-in: an expected event, logged once at info level by the resolver's filter (no stack). */
export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super(BAD_CREDENTIALS);
  }
}
const MAX_PASSWORD_LENGTH = 1024;

@Injectable()
export class LocalLoginService {
  constructor(
    private readonly credentials: LocalCredentialsRepository,
    private readonly identities: IdentitiesRepository,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * The user id behind a correct email and password; the login is recorded on the local identity. Every attempt
   * counts against the email and the client address first (TooManyAttemptsError past the limit, whether the
   * account exists or not); a successful one is given back.
   */
  async authenticate(email: string, password: string, clientAddress?: string): Promise<string> {
    const attempt = await this.throttle.reserve(email, clientAddress);
    const userId = await this.verify(email, password);
    await this.throttle.succeeded(attempt);
    return userId;
  }

  private async verify(email: string, password: string): Promise<string> {
    const credential = await this.credentials.findByEmail(email);
    // Hashing even for an unknown email keeps the response time the same either way.
    const hash = credential?.passwordHash ?? DECOY_PASSWORD_HASH;
    const matches = password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, hash));
    if (!credential || !matches) throw new InvalidCredentialsError();
    const user = await this.users.findById(credential.userId);
    if (!user || user.disabledAt !== null) throw new InvalidCredentialsError();
    await this.identities.link(
      { provider: LOCAL_PROVIDER, subject: user.id, userId: user.id, email: user.email },
      true,
    );
    return user.id;
  }
}
