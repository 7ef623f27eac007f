import { UnauthenticatedError } from '@meshplane/graphql';

/** One message for unknown, expired, revoked and reused tokens: the answer must not help whoever holds a stolen one. */
export class InvalidRefreshTokenError extends UnauthenticatedError {
  constructor() {
    super('The refresh token is invalid or has expired: sign in again');
  }
}
