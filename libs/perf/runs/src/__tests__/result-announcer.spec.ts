import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '@meshplane/contracts';
import type { Publisher } from '@meshplane/messaging';
import type { RunsConfig } from '../config/runs.config.js';
import { ResultAnnouncer } from '../execution/result-announcer.js';
import type { RunsRepository } from '../persistence/runs.repository.js';

const ORG = '6f1c2e1a-0000-4000-8000-000000000001';
const ids = ['6f1c2e1a-0000-4000-8000-0000000000a1', '6f1c2e1a-0000-4000-8000-0000000000a2'];

function harness(publish: (resultId: string) => Promise<unknown>) {
  const marked: string[] = [];
  const runs = {
    unannounced: async () => ids.map((id) => ({ id, orgId: ORG })),
    resultWithRun: async (_org: string, id: string) => ({
      result: { id, orgId: ORG, profileId: ids[0], createdAt: new Date(), smp: {} },
      run: { profile: { name: 'p' }, requestedBy: 'u' },
    }),
    markAnnounced: async (_org: string, id: string) => void marked.push(id),
  } as unknown as RunsRepository;
  const publisher = {
    publish: async (_event: unknown, payload: { resultId: string }) => publish(payload.resultId),
  } as unknown as Publisher;
  const announcer = new ResultAnnouncer({ announceSweepMs: 1_000 } as RunsConfig, runs, publisher);
  return { announcer, marked };
}

describe('ResultAnnouncer', () => {
  it('skips a result that can never be announced instead of holding back the ones after it', async () => {
    const { announcer, marked } = harness(async (resultId) => {
      if (resultId === ids[0]) throw new InvalidPayloadError('PerformanceResultRecorded@1', []);
      return { seq: 1, duplicate: false };
    });
    await announcer.sweep();
    expect(marked).toEqual(ids);
  });

  it('stops the sweep at the first result NATS did not take, leaving it and the rest for the next sweep', async () => {
    const sent: string[] = [];
    const { announcer, marked } = harness(async (resultId) => {
      sent.push(resultId);
      throw new Error('TIMEOUT');
    });
    await announcer.sweep();
    expect(sent).toEqual([ids[0]]);
    expect(marked).toEqual([]);
  });
});
