import { describe, expect, it } from 'vitest';
import {
  defineStream,
  perfLoadWorkersConsumer,
  perfRunSubjects,
  perfShardEvent,
  perfShardHeartbeatEvent,
  perfShardResultEvent,
  perfShardsStream,
  subjectMatches,
  type PerfShard,
} from '../index.js';

const orgId = '00000000-0000-4000-8000-00000000000a';
const otherOrg = '00000000-0000-4000-8000-00000000000b';
const runId = '00000000-0000-4000-8000-0000000000f1';

const shard: PerfShard = {
  orgId,
  runId,
  index: 2,
  count: 3,
  startAt: '2026-12-04T20:00:00.000Z',
  startToleranceMs: 500,
  heartbeatMs: 1000,
  options: { url: 'http://127.0.0.1/', model: 'closed', connections: 1, durationMs: 1000 },
};

describe('perf contracts', () => {
  it('queues shards on a work-queue stream, delivered once to the shared worker consumer', () => {
    expect(perfShardsStream).toMatchObject({ name: 'PERF_SHARDS', retention: 'workqueue' });
    expect(perfLoadWorkersConsumer).toMatchObject({ durable: 'perf-load-workers', maxDeliver: 1 });
    expect(
      defineStream({ name: 'X', subjects: ['x.v1.>'], maxAgeMs: 2, duplicateWindowMs: 1 }).retention,
    ).toBe('limits');
  });

  it('deduplicates a shard by run and index, and puts the org and run in its subject', () => {
    expect(perfShardEvent.subject(shard)).toBe(`perf.v1.shards.${orgId}.${runId}.2`);
    expect(perfShardEvent.msgId(shard)).toBe(`perf-shard:${runId}:2`);
  });

  it("a coordinator's filter takes its own run's heartbeats and results, not another org's or run's", () => {
    const at = '2026-12-04T20:00:01.000Z';
    const beat = {
      orgId,
      runId,
      index: 0,
      workerId: 'w',
      phase: 'running' as const,
      seq: 4,
      requests: 1,
      errors: 0,
      at,
    };
    const result = { orgId, runId, index: 0, workerId: 'w', status: 'failed' as const, error: 'x', at };
    const mine = perfRunSubjects(orgId, runId);
    expect(subjectMatches(mine, perfShardHeartbeatEvent.subject(beat))).toBe(true);
    expect(subjectMatches(mine, perfShardResultEvent.subject(result))).toBe(true);
    expect(subjectMatches(mine, perfShardResultEvent.subject({ ...result, orgId: otherOrg }))).toBe(false);
    expect(subjectMatches(mine, perfShardResultEvent.subject({ ...result, runId: otherOrg }))).toBe(false);
    expect(perfShardHeartbeatEvent.msgId(beat)).toBe(`perf-hb:${runId}:0:4`);
    expect(perfShardResultEvent.msgId(result)).toBe(`perf-result:${runId}:0`);
  });

  it('rejects a shard whose options are not load options', () => {
    expect(
      perfShardEvent.schema.safeParse({ ...shard, options: { ...shard.options, connections: 0 } }).success,
    ).toBe(false);
    expect(perfShardEvent.schema.safeParse({ ...shard, orgId: 'not-a-uuid' }).success).toBe(false);
  });
});
