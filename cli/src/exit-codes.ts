import { GraphqlRequestError, TransportError } from '@meshplane/client';

/**
 * What `meshplane` exits with, so scripts can tell outcomes apart. Documented in the README; never renumber one.
 */
export const ExitCode = {
  OK: 0,
  /** The command line is wrong, or the server refused the input (bad value, unknown field): fix what was typed. */
  USAGE: 1,
  /** Not signed in, the session ended, or the role does not allow it: sign in again or ask an admin. */
  AUTH: 2,
  /** What was named does not exist (or is not visible to this organization). */
  NOT_FOUND: 3,
  /** The server could not be reached, failed, or is throttling: retry later. */
  SERVER: 4,
  /** The command ran but part of it failed (a context of an import refused, a probe failed). */
  PARTIAL: 5,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the CLI explains itself: what went wrong, what to do about it, and the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
const USAGE_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
]);
const SERVER_CODES = new Set([
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'TOO_MANY_ATTEMPTS',
  'TOO_MANY_SUBSCRIPTIONS',
]);

/** Turns whatever a command threw into the message, hint and exit code the user sees. */
export function explain(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof TransportError) {
    return new CliError(
      error.message,
      ExitCode.SERVER,
      'check the server URL (`meshplane context list`) and that Meshplane is running',
    );
  }
  if (error instanceof GraphqlRequestError) return explainGraphqlError(error);
  return new CliError(error instanceof Error ? error.message : String(error), ExitCode.SERVER);
}

function explainGraphqlError(error: GraphqlRequestError): CliError {
  const code = error.code ?? '';
  const detail = error.errors[0]?.extensions ?? {};
  const message =
    error.field && !error.message.includes(error.field) ? `${error.field}: ${error.message}` : error.message;
  if (code === 'UNAUTHENTICATED') {
    const hint =
      error.operationName === 'Login'
        ? 'check the e-mail and password'
        : 'sign in again with `meshplane login`';
    return new CliError(reasonSuffix(message, error.reason), ExitCode.AUTH, hint);
  }
  if (AUTH_CODES.has(code)) {
    return new CliError(
      reasonSuffix(message, error.reason),
      ExitCode.AUTH,
      'ask an owner or admin of the organization for a role that allows it',
    );
  }
  if (code === 'NOT_FOUND')
    return new CliError(message, ExitCode.NOT_FOUND, 'list what exists with the matching `list` command');
  if (USAGE_CODES.has(code)) {
    return new CliError(
      message,
      ExitCode.USAGE,
      error.field ? `correct the value given for ${error.field}` : undefined,
    );
  }
  if (SERVER_CODES.has(code)) {
    const retryAfter = detail['retryAfterSeconds'];
    return new CliError(
      message,
      ExitCode.SERVER,
      typeof retryAfter === 'number' ? `retry in ${retryAfter} s` : 'retry later; the server logs say more',
    );
  }
  return new CliError(
    code ? `${message} (${code})` : message,
    error.status >= 500 ? ExitCode.SERVER : ExitCode.USAGE,
  );
}

function reasonSuffix(message: string, reason: string | undefined): string {
  return reason && !message.includes(reason) ? `${message} (${reason})` : message;
}
