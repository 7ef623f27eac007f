import type { PerfShardHeartbeat, PerfShardResult, ShardMeasurement } from '@meshplane/contracts';
import { describe, expect, it } from 'vitest';
import { ShardTracker } from '../shard-state.js';

const orgId = '00000000-0000-4000-8000-000000000001';
const runId = '00000000-0000-4000-8000-000000000002';
const times = { leadMs: 1000, pickupDeadline: 2000, heartbeatTimeoutMs: 500, deadline: 10_000 };

function beat(index: number, workerId: string, requests = 0): PerfShardHeartbeat {
  return {
    orgId,
    runId,
    index,
    workerId,
    phase: 'running',
    seq: 0,
    requests,
    errors: 0,
    at: new Date(0).toISOString(),
  };
}

function result(index: number, status: 'completed' | 'failed', error?: string): PerfShardResult {
  const measurement = { requests: 9, errors: 1 } as ShardMeasurement;
  return {
    orgId,
    runId,
    index,
    workerId: 'w',
    status,
    ...(error ? { error } : {}),
    ...(status === 'completed' ? { measurement } : {}),
    at: new Date(0).toISOString(),
  };
}

describe('ShardTracker', () => {
  it('fails a shard no worker reported by the pickup deadline, naming it', () => {
    const tracker = new ShardTracker(2, times);
    tracker.heartbeat(beat(1, 'w1'), 1900);
    tracker.assess(2000);
    expect(tracker.shards[0]?.status).toBe('pending');
    tracker.assess(2001);
    expect(tracker.shards[0]).toMatchObject({
      status: 'failed',
      error: 'no perf worker took shard 0 within the 1000 ms lead time',
    });
    expect(tracker.shards[1]?.status).toBe('running');
    expect(tracker.done()).toBe(false);
  });

  it('marks a running shard lost once its worker misses heartbeats, and done when every shard ended', () => {
    const tracker = new ShardTracker(2, times);
    tracker.heartbeat(beat(0, 'w1', 5), 1000);
    tracker.heartbeat(beat(1, 'w2'), 1000);
    tracker.heartbeat(beat(1, 'w2', 7), 1400);
    tracker.assess(1500);
    expect(tracker.shards.map((s) => s.status)).toEqual(['running', 'running']);
    tracker.assess(1501);
    expect(tracker.shards[0]).toMatchObject({
      status: 'lost',
      workerId: 'w1',
      requests: 5,
      error: 'worker w1 stopped reporting (no heartbeat for 500 ms)',
    });
    tracker.result(result(1, 'completed'));
    expect(tracker.shards[1]).toMatchObject({ status: 'completed', requests: 9, errors: 1 });
    expect(tracker.done()).toBe(true);
  });

  it('revises its own verdicts on a later report while the run goes on, never a worker-reported end', () => {
    const tracker = new ShardTracker(2, times);
    tracker.heartbeat(beat(0, 'w1'), 1000);
    tracker.assess(1600);
    expect(tracker.shards[0]?.status).toBe('lost');
    // The worker was only slow to report: its heartbeat brings the shard back.
    tracker.heartbeat(beat(0, 'w1', 3), 1700);
    expect(tracker.shards[0]).toMatchObject({ status: 'running', requests: 3 });
    expect(tracker.shards[0]?.error).toBeUndefined();
    tracker.assess(2300);
    expect(tracker.shards[0]?.status).toBe('lost');
    tracker.result(result(0, 'completed'));
    expect(tracker.shards[0]?.status).toBe('completed');
    // A completed shard stays completed (a duplicate or late failure does not undo it), and ignores heartbeats.
    tracker.result(result(0, 'failed', 'late'));
    tracker.heartbeat(beat(0, 'w1'), 2400);
    expect(tracker.shards[0]?.status).toBe('completed');
    // "Taken by nobody" was a presumption too: the shard's result still counts.
    tracker.assess(2001);
    expect(tracker.shards[1]?.status).toBe('failed');
    tracker.result(result(1, 'completed'));
    expect(tracker.shards[1]?.status).toBe('completed');
  });

  it('keeps a failure the worker reported, and ignores heartbeats after the deadline', () => {
    const tracker = new ShardTracker(2, times);
    tracker.result(result(0, 'failed', 'refused'));
    tracker.result(result(0, 'completed'));
    expect(tracker.shards[0]).toMatchObject({ status: 'failed', error: 'refused' });
    tracker.assess(10_001);
    tracker.heartbeat(beat(1, 'w2'), 10_002);
    expect(tracker.shards[1]?.status).toBe('failed');
  });

  it('records a failed shard with the worker’s reason; a shard index outside the run is ignored', () => {
    const tracker = new ShardTracker(1, times);
    tracker.result(result(0, 'failed', 'refused: 900 ms late'));
    tracker.result(result(5, 'completed'));
    tracker.heartbeat(beat(5, 'w'), 0);
    expect(tracker.shards).toEqual([
      { index: 0, status: 'failed', workerId: 'w', error: 'refused: 900 ms late', requests: 0, errors: 0 },
    ]);
  });

  it('ends every shard by the run deadline, even one whose worker keeps beating', () => {
    const tracker = new ShardTracker(1, times);
    tracker.heartbeat(beat(0, 'w1'), 9_900);
    tracker.assess(10_001);
    expect(tracker.shards[0]).toMatchObject({
      status: 'lost',
      error: "no result from worker w1 by the run's deadline",
    });
  });
});
