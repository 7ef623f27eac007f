import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error.js';

/** Codes produced by GraphQL/Apollo itself for bad requests: their messages are already safe and useful. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/**
 * Domain errors keep their code and message; client mistakes keep GraphQL's message; anything else is an internal
 * fault and is reduced to a generic message, so no stack, SQL or hostname ever leaves the service.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...original.details },
    };
  }
  const code = formatted.extensions?.['code'];
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    return {
      message: formatted.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code },
    };
  }
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
