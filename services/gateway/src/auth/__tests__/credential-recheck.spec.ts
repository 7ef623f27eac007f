import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../authenticator.js';
import { CredentialRecheck } from '../credential-recheck.js';

const never = { authenticate: () => new Promise(() => undefined) } as unknown as Authenticator;
const caller = { requestId: 'r', userId: 'u', orgId: 'o', roles: ['member'] };

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
});
