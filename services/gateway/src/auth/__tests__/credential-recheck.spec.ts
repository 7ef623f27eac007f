import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../authenticator.js';
import { AuthFailure } from '../auth-failure.js';
import { CredentialRecheck } from '../credential-recheck.js';

const never = { authenticate: () => new Promise(() => undefined) } as unknown as Authenticator;
const caller = { requestId: 'r', userId: 'u', orgId: 'o', roles: ['member'] };

/** A stream that never yields on its own: whatever it delivers came from the recheck. */
function silent(): AsyncIterableIterator<ExecutionResult> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => new Promise(() => undefined),
    return: () => Promise.resolve({ done: true, value: undefined }),
  };
}

async function lastWord(answer: () => Promise<unknown>, opened = caller) {
  const recheck = new CredentialRecheck(
    { authenticate: answer } as unknown as Authenticator,
    20,
    () => undefined,
  );
  const stream = recheck.guard(silent(), { authorization: 'Bearer t' }, opened);
  const { value } = await stream.next();
  recheck.close();
  return (value as ExecutionResult).errors?.[0]?.extensions;
}

function failing(): AsyncIterableIterator<ExecutionResult> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => Promise.reject(new Error('Subgraph subscription connection closed.')),
    return: () => Promise.resolve({ done: true, value: undefined }),
  };
}

describe('CredentialRecheck', () => {
  it('stops watching a credential once its stream ends, whether it failed or the client left', async () => {
    const recheck = new CredentialRecheck(never, 30_000, () => undefined);
    const failed = recheck.guard(failing(), { authorization: 'Bearer a' }, caller);
    const left = recheck.guard(failing(), { authorization: 'Bearer b' }, caller);
    expect(recheck.size).toBe(2);

    await expect(failed.next()).rejects.toThrow(/connection closed/);
    await left.return?.();

    expect(recheck.size).toBe(0);
    recheck.close();
  });

  it('watches nothing for an anonymous stream', () => {
    const recheck = new CredentialRecheck(never, 30_000, () => undefined);
    const events = failing();

    expect(recheck.guard(events, {}, { requestId: 'r', roles: [] })).toBe(events);
    expect(recheck.size).toBe(0);
  });

  it('ends a platform-wide stream once its platform-operator role is gone', async () => {
    const operator = { ...caller, platformOperator: true };

    const extensions = await lastWord(async () => ({ ...caller }), operator);

    expect(extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_CHANGED' });
  });

  it("ends a stream whose organization was suspended, with providers' reason", async () => {
    const extensions = await lastWord(async () => {
      throw new AuthFailure(403, 'ORGANIZATION_SUSPENDED', 'The organization is suspended.');
    });

    expect(extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANIZATION_SUSPENDED' });
  });
});
