import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_MESSAGE, maskErrors } from '../mask-errors.js';

describe('maskErrors', () => {
  const reported: unknown[] = [];
  const format = maskErrors((error) => reported.push(error));

  it('replaces an unexpected error by a generic message and reports the original', () => {
    const original = new Error('ECONNREFUSED 10.0.0.7:5432');
    const masked = format(
      {
        message: original.message,
        path: ['boom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
      },
      original,
    );

    expect(masked).toEqual({
      message: INTERNAL_ERROR_MESSAGE,
      path: ['boom'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(reported).toContain(original);
  });

  it('masks a subgraph error that came without a code, and one with no code at all', () => {
    expect(
      format({ message: 'db down', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }, null).message,
    ).toBe(INTERNAL_ERROR_MESSAGE);
    expect(format({ message: 'db down' }, null).message).toBe(INTERNAL_ERROR_MESSAGE);
  });

  it('keeps errors with a deliberate code but strips stack traces and exception payloads', () => {
    const kept = format(
      {
        message: 'Organization o9 not found',
        extensions: {
          code: 'NOT_FOUND',
          stacktrace: ['at y'],
          exception: { stacktrace: ['at z'] },
          serviceName: 'providers',
        },
      },
      null,
    );

    expect(kept).toEqual({
      message: 'Organization o9 not found',
      extensions: { code: 'NOT_FOUND', serviceName: 'providers' },
    });
  });
});
