import { describe, expect, it } from 'vitest';
import type { ServiceEnv } from '@meshplane/config';
import type { MessagingClient } from '@meshplane/messaging';
import { ManualClock } from '@meshplane/runtime';
import { verifyInternalContext } from '@meshplane/auth';
import { FINGERPRINT_RULES_AUDIENCE } from '@meshplane/contracts';
import { FINGERPRINT_RESYNC_MS, FingerprintRulesSync } from '../fingerprints/fingerprint-rules.sync.js';

const ORG = '6f1b2c4e-8a57-4f2e-9d1c-3b5a7e9f0c12';
const ADAPTER = '0b8d1f2a-3c4e-4f5a-8b6c-7d8e9f0a1b2c';
const RULES = [{ schemaVersion: 1, ruleVersion: 1, mesh: { id: 'noop', name: 'No-op mesh' } }];

function harness(answer: () => unknown) {
  const sent: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  const messaging = {
    nc: {
      request: async (subject: string, body: string) => {
        sent.push(subject);
        bodies.push(JSON.parse(body) as Record<string, unknown>);
        const reply = await answer();
        if (reply instanceof Error) throw reply;
        return { json: () => reply };
      },
    },
  } as unknown as MessagingClient;
  const clock = new ManualClock(new Date('2026-12-05T10:00:00Z'));
  const config = { INTERNAL_CONTEXT_SECRET: ['s'.repeat(40)] } as unknown as ServiceEnv;
  return { sync: new FingerprintRulesSync(config, messaging, clock), sent, bodies, clock, config };
}

describe('FingerprintRulesSync', () => {
  it('sends on a changed catalogue, then an unchanged one at most every resync period', async () => {
    const { sync, sent, clock } = harness(() => ({ ok: true, registered: 1, unchanged: 0, refused: [] }));
    await sync.sync(ORG, ADAPTER, RULES, true);
    await sync.sync(ORG, ADAPTER, RULES, false);
    expect(sent).toEqual(['rpc.v1.discovery.fingerprints']);
    clock.advance(FINGERPRINT_RESYNC_MS + 1);
    await sync.sync(ORG, ADAPTER, RULES, false);
    expect(sent).toHaveLength(2);
    await sync.sync(ORG, ADAPTER, RULES, true);
    expect(sent).toHaveLength(3);
  });

  it('sends again at the next check until discovery accepted the rules, and never throws', async () => {
    let down = true;
    const { sync, sent } = harness(() =>
      down ? new Error('503 no responders') : { ok: true, registered: 0, unchanged: 1, refused: [] },
    );
    await sync.sync(ORG, ADAPTER, RULES, true);
    await sync.sync(ORG, ADAPTER, RULES, false);
    down = false;
    await sync.sync(ORG, ADAPTER, RULES, false);
    await sync.sync(ORG, ADAPTER, RULES, false);
    expect(sent).toHaveLength(3);
  });

  it('starts a sync without waiting for discovery, one at a time per adapter', async () => {
    const accepted = { ok: true, registered: 1, unchanged: 0, refused: [] };
    let release: (answer: unknown) => void = () => undefined;
    let silent = true;
    const { sync, sent } = harness(() =>
      silent ? new Promise((resolve) => (release = resolve)) : Promise.resolve(accepted),
    );
    let ended = false;
    const first = sync.start(ORG, ADAPTER, RULES, true).then(() => (ended = true));
    // A check meanwhile (discovery still silent) neither waits nor sends again.
    const second = sync.start(ORG, ADAPTER, RULES, true);
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    expect(ended).toBe(false);
    silent = false;
    release(accepted);
    await Promise.all([first, second, sync.settle()]);
    expect(ended).toBe(true);
    await sync.start(ORG, ADAPTER, RULES, true);
    expect(sent).toHaveLength(2);
  });

  it("sends an operator's adapter's rules for the platform, with a context naming no organization", async () => {
    const { sync, bodies, config, clock } = harness(() => ({
      ok: true,
      registered: 1,
      unchanged: 0,
      refused: [],
    }));
    await sync.sync(null, ADAPTER, RULES, true);
    await sync.sync(ORG, ORG, RULES, true);
    const [operator, own] = bodies;
    const verify = (context: unknown) =>
      verifyInternalContext(String(context), config.INTERNAL_CONTEXT_SECRET, {
        audience: FINGERPRINT_RULES_AUDIENCE,
        kind: 'service',
        now: clock.nowMs(),
      });
    expect(operator).toMatchObject({ adapterId: ADAPTER, platform: true });
    expect(verify(operator?.['context']).orgId).toBeUndefined();
    expect(own).not.toHaveProperty('platform');
    expect(verify(own?.['context']).orgId).toBe(ORG);
  });

  it('sends nothing for an adapter without rules', async () => {
    const { sync, sent } = harness(() => ({ ok: true, registered: 0, unchanged: 0, refused: [] }));
    await sync.sync(ORG, ADAPTER, [], true);
    expect(sent).toEqual([]);
  });
});
