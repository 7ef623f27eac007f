import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signInternalContext } from '@meshplane/auth';
import { FINGERPRINT_RULES_AUDIENCE } from '@meshplane/contracts';
import { ValidationFailedError } from '@meshplane/graphql';
import { answerFingerprintRules, type RegisterRule } from '../adapter-rules/adapter-rules.answer.js';

const SECRET = 'b'.repeat(40);
const ORG = randomUUID();
const ADAPTER = randomUUID();
const context = (orgId: string | undefined, audience = FINGERPRINT_RULES_AUDIENCE) =>
  signInternalContext({ ...(orgId && { orgId }), roles: [], requestId: 'r' }, SECRET, {
    ttlMs: 30_000,
    audience,
    kind: 'service',
  });

describe('answerFingerprintRules', () => {
  it("registers each rule for the context's organization, by the adapter, counting new, unchanged and refused", async () => {
    const calls: [string | null, string, unknown][] = [];
    const register: RegisterRule = async (orgId, by, rule) => {
      calls.push([orgId, by, rule]);
      if ((rule as { bad?: boolean }).bad) throw new ValidationFailedError('rule.mesh', 'is required');
      return (rule as { fresh?: boolean }).fresh === true;
    };
    const answer = await answerFingerprintRules(
      {
        context: context(ORG),
        adapterId: ADAPTER,
        rules: [{ fresh: true }, { fresh: false }, { bad: true }],
      },
      [SECRET],
      register,
    );
    expect(answer).toEqual({
      ok: true,
      registered: 1,
      unchanged: 1,
      refused: [{ index: 2, message: 'rule.mesh: is required' }],
    });
    expect(calls.every(([orgId, by]) => orgId === ORG && by === ADAPTER)).toBe(true);
  });

  it('refuses a context for another service or without an organization, and a malformed request, registering nothing', async () => {
    const register: RegisterRule = async () => {
      throw new Error('must not be called');
    };
    for (const ctx of [context(ORG, 'perf'), context(undefined), 'v1.x.y'])
      expect(
        await answerFingerprintRules({ context: ctx, adapterId: ADAPTER, rules: [{}] }, [SECRET], register),
      ).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expect(
      await answerFingerprintRules({ context: context(ORG), adapterId: 'x', rules: [] }, [SECRET], register),
    ).toMatchObject({ ok: false, code: 'INVALID' });
  });

  it("registers an operator's adapter's rules for the platform only when asked and the context names no organization", async () => {
    const scopes: (string | null)[] = [];
    const register: RegisterRule = async (orgId) => {
      scopes.push(orgId);
      return true;
    };
    const platform = await answerFingerprintRules(
      { context: context(undefined), adapterId: ADAPTER, rules: [{}], platform: true },
      [SECRET],
      register,
    );
    expect(platform).toMatchObject({ ok: true, registered: 1 });
    expect(scopes).toEqual([null]);
    // An organization's adapter asking for the platform is refused, and so is a forged or foreign context.
    for (const ctx of [context(ORG), context(undefined, 'perf'), 'v1.x.y'])
      expect(
        await answerFingerprintRules(
          { context: ctx, adapterId: ADAPTER, rules: [{}], platform: true },
          [SECRET],
          register,
        ),
      ).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expect(scopes).toEqual([null]);
  });

  it('lets a storage failure through (the responder answers UNAVAILABLE)', async () => {
    const register: RegisterRule = async () => {
      throw new Error('connection terminated');
    };
    await expect(
      answerFingerprintRules({ context: context(ORG), adapterId: ADAPTER, rules: [{}] }, [SECRET], register),
    ).rejects.toThrow('connection terminated');
  });
});
