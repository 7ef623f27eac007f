import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/**
 * Codes that mean "nobody wrote this message for a client": Apollo's default for unexpected errors, and
 * the gateway's default for a subgraph error that came without a code. Errors with any other code
 * (validation, bad input, domain errors) were phrased for clients and pass.
 */
const UNEXPECTED_CODES = new Set(['INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);
const SAFE_TO_SHOW = (code: unknown): boolean => typeof code === 'string' && !UNEXPECTED_CODES.has(code);

export type ErrorReporter = (error: unknown) => void;

/**
 * Apollo `formatError`: keeps errors that carry a deliberate code (validation, bad input, domain errors
 * from subgraphs), replaces unexpected ones with a generic message, and never lets a stack trace or an
 * `exception` payload through, even when a subgraph sends one.
 */
export function maskErrors(report: ErrorReporter) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions: Record<string, unknown> = { ...formatted.extensions };
    delete extensions['stacktrace'];
    delete extensions['exception'];
    if (!SAFE_TO_SHOW(extensions['code'])) {
      report(unwrapResolverError(error));
      return {
        message: INTERNAL_ERROR_MESSAGE,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    return { ...formatted, extensions };
  };
}
