import type { ShardMeasurement } from '@meshplane/contracts';
import {
  decodeHistogram,
  encodeHistogram,
  latencyStats,
  newHistogram,
  recordMs,
} from '@meshplane/perf-loadgen';
import { describe, expect, it } from 'vitest';
import { mergeSeries, mergeShards, partialOf } from '../merge.js';
import type { ShardStatus } from '../shard-state.js';

function histogramOf(latenciesMs: number[]): string {
  const histogram = newHistogram();
  try {
    for (const ms of latenciesMs) recordMs(histogram, ms);
    return encodeHistogram(histogram);
  } finally {
    histogram.destroy();
  }
}

function measurement(
  startedAt: string,
  latenciesMs: number[],
  extra: Partial<ShardMeasurement> = {},
): ShardMeasurement {
  return {
    startedAt,
    durationMs: 1000,
    requests: latenciesMs.length,
    errors: 0,
    histograms: { uncorrected: histogramOf(latenciesMs) },
    statusCodes: { '200': latenciesMs.length },
    errorClasses: {},
    series: [{ second: 0, requests: latenciesMs.length, errors: 0, p50Ms: 1, p99Ms: 2, maxMs: 3 }],
    generatorHealth: { saturated: false, lateStarts: 0, meanLagMs: 0, maxLagMs: 0 },
    ...extra,
  };
}

const start = '2026-12-04T20:00:00.000Z';
const options = { url: 'http://127.0.0.1/', model: 'closed' as const, connections: 4, durationMs: 1000 };

describe('mergeShards', () => {
  it('merges histograms exactly: the merged percentiles are those of one histogram of every sample', () => {
    // Two very different shards: averaging their p50s (1 ms and 100 ms) would give ~50 ms; the true p50 is 1 ms.
    const fast = Array.from({ length: 300 }, (_, i) => 1 + (i % 3) * 0.1);
    const slow = Array.from({ length: 100 }, () => 100);
    const result = mergeShards(options, 'run', [
      { index: 0, status: 'completed', requests: 300, errors: 0, measurement: measurement(start, fast) },
      { index: 1, status: 'completed', requests: 100, errors: 0, measurement: measurement(start, slow) },
    ]);
    const all = decodeHistogram(histogramOf([...fast, ...slow]));
    try {
      expect(result.latency.uncorrected).toEqual(latencyStats(all));
    } finally {
      all.destroy();
    }
    expect(result.latency.uncorrected.percentiles.p50).toBeLessThan(2);
    expect(result.requests).toBe(400);
    expect(result.statusCodes).toEqual({ '200': 400 });
    expect(result.achievedRate).toBe(400);
    expect(result.partial).toBeUndefined();
  });

  it('sums status codes, error classes and lag figures; weights the mean lag by requests; flags saturation', () => {
    const result = mergeShards(options, 'run', [
      {
        index: 0,
        status: 'completed',
        requests: 1,
        errors: 1,
        measurement: measurement(start, [5], {
          errors: 1,
          statusCodes: { '500': 1 },
          errorClasses: { timeout: 2 },
          generatorHealth: { saturated: true, lateStarts: 3, meanLagMs: 4, maxLagMs: 9, note: 'busy' },
        }),
      },
      {
        index: 1,
        status: 'completed',
        requests: 3,
        errors: 0,
        measurement: measurement(start, [5, 5, 5], {
          errorClasses: { timeout: 1, connect_refused: 1 },
          generatorHealth: { saturated: false, lateStarts: 1, meanLagMs: 0, maxLagMs: 2 },
        }),
      },
    ]);
    expect(result.statusCodes).toEqual({ '500': 1, '200': 3 });
    expect(result.errorClasses).toEqual({ timeout: 3, connect_refused: 1 });
    expect(result.errors).toBe(1);
    expect(result.generatorHealth).toMatchObject({
      saturated: true,
      lateStarts: 4,
      meanLagMs: 1,
      maxLagMs: 9,
    });
    expect(result.generatorHealth.note).toBe('shard 0: busy');
  });

  it('is partial, with each missing shard and why, when a shard failed or was lost', () => {
    const shards: ShardStatus[] = [
      { index: 0, status: 'completed', requests: 1, errors: 0, measurement: measurement(start, [1]) },
      {
        index: 1,
        status: 'lost',
        workerId: 'w2',
        error: 'worker w2 stopped reporting',
        requests: 7,
        errors: 0,
      },
      { index: 2, status: 'failed', error: 'no perf worker took shard 2', requests: 0, errors: 0 },
    ];
    const result = mergeShards(options, 'run', shards);
    expect(result.requests).toBe(1);
    expect(result.partial).toEqual({
      reason:
        '2 of 3 shard(s) missing; shard 1 lost: worker w2 stopped reporting; shard 2 failed: no perf worker took shard 2',
      workersLost: 2,
    });
    expect(result.shards.map((s) => s.status)).toEqual(['completed', 'lost', 'failed']);
  });

  it('carries a shard’s own partial result into the run’s reason', () => {
    const shards: ShardStatus[] = [
      {
        index: 0,
        status: 'completed',
        requests: 1,
        errors: 0,
        measurement: measurement(start, [1], { partial: { reason: 'stopped before the planned duration' } }),
      },
    ];
    expect(partialOf(shards)?.reason).toBe(
      '0 of 1 shard(s) missing; shard 0: stopped before the planned duration',
    );
    expect(
      partialOf([{ ...shards[0], measurement: measurement(start, [1]) } as ShardStatus]),
    ).toBeUndefined();
  });

  it('refuses to merge nothing', () => {
    expect(() => mergeShards(options, 'run', [{ index: 0, status: 'lost', requests: 0, errors: 0 }])).toThrow(
      /no shard completed/,
    );
  });
});

describe('mergeSeries', () => {
  const sample = (second: number, requests: number, p99Ms: number) => ({
    second,
    requests,
    errors: requests > 10 ? 1 : 0,
    p50Ms: p99Ms / 2,
    p99Ms,
    maxMs: p99Ms * 2,
  });

  it('adds the shards’ seconds by wall-clock second, in order, keeping the highest latency figures', () => {
    const merged = mergeSeries([
      { startedAt: start, series: [sample(0, 10, 4), sample(1, 20, 2)] },
      // Started one second later: its second 0 is the run's second 1.
      { startedAt: '2026-12-04T20:00:01.000Z', series: [sample(0, 5, 8), sample(1, 30, 1)] },
    ]);
    expect(merged).toEqual([
      { second: 0, requests: 10, errors: 0, p50Ms: 2, p99Ms: 4, maxMs: 8 },
      { second: 1, requests: 25, errors: 1, p50Ms: 4, p99Ms: 8, maxMs: 16 },
      { second: 2, requests: 30, errors: 1, p50Ms: 0.5, p99Ms: 1, maxMs: 2 },
    ]);
  });

  it('treats starts a few milliseconds apart (coordinated start) as the same second', () => {
    const merged = mergeSeries([
      { startedAt: start, series: [sample(0, 1, 1)] },
      { startedAt: '2026-12-04T20:00:00.004Z', series: [sample(0, 2, 1)] },
    ]);
    expect(merged.map((s) => [s.second, s.requests])).toEqual([[0, 3]]);
    expect(mergeSeries([])).toEqual([]);
  });
});
