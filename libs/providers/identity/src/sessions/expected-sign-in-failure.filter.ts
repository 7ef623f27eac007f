import { Catch, Logger } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { InvalidCredentialsError } from '../local/local-login.service.js';
import { TooManyAttemptsError } from '../local/login-throttle.js';

/**
 * A wrong password or a throttled sign-in is an expected event, not a fault: one info line without a stack (and
 * without the email or password), instead of Nest's error-level entry with a stack for every refused sign-in.
 * Returning the error hands it to GraphQL unchanged.
 */
@Catch(InvalidCredentialsError, TooManyAttemptsError)
export class ExpectedSignInFailureFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('SignIn');

  catch(error: InvalidCredentialsError | TooManyAttemptsError): Error {
    this.logger.log(
      error instanceof TooManyAttemptsError
        ? `sign-in refused: too many failed attempts (retry after ${String(error.details['retryAfterSeconds'])} s)`
        : 'sign-in refused: wrong email or password',
    );
    return error;
  }
}
