import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DomainError, NotFoundError, ValidationFailedError } from '../domain-error.js';
import { formatGraphqlError } from '../format-error.js';

const path = ['widget', 'owner'];
const locations = [{ line: 2, column: 3 }];

/** What Apollo hands formatError: the formatted error and the GraphQLError wrapping the resolver's throw. */
function thrownByResolver(original: Error): [GraphQLFormattedError, GraphQLError] {
  const error = new GraphQLError(original.message, { path, originalError: original });
  const formatted: GraphQLFormattedError = {
    message: original.message,
    path,
    locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: (original.stack ?? '').split('\n') },
  };
  return [formatted, error];
}

describe('formatGraphqlError', () => {
  it('keeps the code, message and details of a domain error thrown by a resolver', () => {
    const [formatted, error] = thrownByResolver(
      new DomainError('QUOTA_EXCEEDED', 'Too many widgets', { limit: 10 }),
    );

    expect(formatGraphqlError(formatted, error)).toEqual({
      message: 'Too many widgets',
      path,
      locations,
      extensions: { code: 'QUOTA_EXCEEDED', limit: 10 },
    });
  });

  it('keeps the field of a validation failure and the code of a missing entity', () => {
    const [invalid, invalidError] = thrownByResolver(
      new ValidationFailedError('first', 'must be at most 100'),
    );
    const [missing, missingError] = thrownByResolver(new NotFoundError('Widget w-1'));

    expect(formatGraphqlError(invalid, invalidError)).toMatchObject({
      message: 'first: must be at most 100',
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
    expect(formatGraphqlError(missing, missingError)).toMatchObject({
      message: 'Widget w-1 was not found',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('recognises a domain error handed over unwrapped', () => {
    const error = new DomainError('CONFLICT', 'Already exists');

    expect(formatGraphqlError({ message: 'Already exists' }, error)).toMatchObject({
      message: 'Already exists',
      extensions: { code: 'CONFLICT' },
    });
  });

  it("keeps GraphQL's own message for client mistakes, without anything else from its extensions", () => {
    const formatted: GraphQLFormattedError = {
      message: 'Cannot query field "nope" on type "Query".',
      locations,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at validate (graphql.js:1)'] },
    };

    expect(formatGraphqlError(formatted, new GraphQLError(formatted.message))).toEqual({
      message: 'Cannot query field "nope" on type "Query".',
      path: undefined,
      locations,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('reduces any other error to a generic internal error with no stack or original message', () => {
    const [formatted, error] = thrownByResolver(
      new Error('connect ECONNREFUSED db.internal:5432 (SELECT * FROM secrets)'),
    );

    const result = formatGraphqlError(formatted, error);

    expect(result).toEqual({
      message: 'Internal server error',
      path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|db\.internal|secrets|stacktrace/);
  });

  it('treats an unknown code claimed by a plain error as internal', () => {
    const formatted: GraphQLFormattedError = {
      message: 'leaky detail',
      extensions: { code: 'SOMETHING_ELSE' },
    };

    expect(formatGraphqlError(formatted, new Error('leaky detail'))).toEqual({
      message: 'Internal server error',
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
