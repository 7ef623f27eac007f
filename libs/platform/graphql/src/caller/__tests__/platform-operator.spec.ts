import { describe, expect, it } from 'vitest';
import {
  callerFromContext,
  ForbiddenError,
  requirePlatformOperator,
  UnauthenticatedError,
} from '../caller.js';

const owner = { requestId: 'r', userId: 'u-1', orgId: 'o-1', roles: ['owner'] };

describe('requirePlatformOperator', () => {
  it('passes a signed-in caller whose context carries the operator flag, with or without an organization', () => {
    expect(requirePlatformOperator(callerFromContext({ ...owner, platformOperator: true }))).toBe('u-1');
    expect(
      requirePlatformOperator(
        callerFromContext({ requestId: 'r', userId: 'u-2', roles: [], platformOperator: true }),
      ),
    ).toBe('u-2');
  });

  it('refuses an organization owner without the flag as FORBIDDEN naming the reason', () => {
    let refused: unknown;
    try {
      requirePlatformOperator(callerFromContext(owner));
    } catch (error) {
      refused = error;
    }

    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'PLATFORM_OPERATOR_REQUIRED' } });
  });

  it('refuses an anonymous caller as UNAUTHENTICATED, even one whose context claims the flag', () => {
    expect(() =>
      requirePlatformOperator(callerFromContext({ requestId: 'r', roles: [], platformOperator: true })),
    ).toThrow(UnauthenticatedError);
  });

  it('keeps the flag only when it is exactly true', () => {
    expect(callerFromContext({ ...owner, platformOperator: false })).not.toHaveProperty('platformOperator');
    expect(callerFromContext(owner)).not.toHaveProperty('platformOperator');
  });
});
