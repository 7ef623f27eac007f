import { describe, expect, it } from 'vitest';
import { GraphqlRequestError, TransportError } from '@meshplane/client';
import { CliError, ExitCode, explain } from '../exit-codes.js';

const refused = (
  extensions: Record<string, unknown>,
  message = 'refused',
  operationName?: string,
  status = 200,
) => new GraphqlRequestError([{ message, extensions }], status, operationName);

describe('explain', () => {
  it('maps the server’s error codes to the documented exit codes', () => {
    expect(explain(refused({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' })).exitCode).toBe(
      ExitCode.AUTH,
    );
    expect(explain(refused({ code: 'FORBIDDEN' })).exitCode).toBe(ExitCode.AUTH);
    expect(explain(refused({ code: 'NOT_FOUND' })).exitCode).toBe(ExitCode.NOT_FOUND);
    expect(explain(refused({ code: 'BAD_USER_INPUT' })).exitCode).toBe(ExitCode.USAGE);
    expect(explain(refused({ code: 'GRAPHQL_VALIDATION_FAILED' })).exitCode).toBe(ExitCode.USAGE);
    expect(explain(refused({ code: 'INTERNAL_SERVER_ERROR' })).exitCode).toBe(ExitCode.SERVER);
    expect(explain(new TransportError('cannot reach http://127.0.0.1:1/graphql')).exitCode).toBe(
      ExitCode.SERVER,
    );
  });

  it('names the field the server refused and says what to do', () => {
    const explained = explain(
      refused({ code: 'BAD_USER_INPUT', field: 'kubeconfig' }, 'exec is not allowed'),
    );

    expect(explained.message).toBe('kubeconfig: exec is not allowed');
    expect(explained.hint).toBe('correct the value given for kubeconfig');
  });

  it('tells a failed sign-in from an ended session', () => {
    expect(explain(refused({ code: 'UNAUTHENTICATED' }, 'invalid credentials', 'Login')).hint).toBe(
      'check the e-mail and password',
    );
    expect(
      explain(refused({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' }, 'token revoked', 'Me')),
    ).toMatchObject({
      message: 'token revoked (TOKEN_REVOKED)',
      hint: 'sign in again with `meshplane login`',
    });
  });

  it('says when to retry a throttled request', () => {
    expect(explain(refused({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 42 })).hint).toBe('retry in 42 s');
  });

  it('keeps the CLI’s own errors as they are', () => {
    const own = new CliError('no context named x', ExitCode.NOT_FOUND, 'see `meshplane context list`');
    expect(explain(own)).toBe(own);
  });
});
