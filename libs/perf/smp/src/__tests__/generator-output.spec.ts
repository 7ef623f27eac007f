import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFortioJson, parseNighthawkJson, parseWrkOutput, type ParseContext } from '../index.js';

const sample = (name: string) => readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8');
const context: ParseContext = {
  startedAt: '2026-12-04T10:00:00.000Z',
  url: 'http://127.0.0.1:8080/',
  method: 'GET',
};

describe('wrk output', () => {
  it('reads totals, errors and the short latency distribution; unreported percentiles stay NaN', () => {
    const result = parseWrkOutput('wrk', sample('wrk-latency.txt'), { ...context, version: '4.2.0' });
    expect(result).toMatchObject({
      generator: 'wrk',
      generatorVersion: '4.2.0',
      model: 'closed',
      connections: 10,
      requests: 1_124_125,
      durationMs: 10_010,
      achievedRate: 112_290.79,
      errors: 12 + 3 + 4,
      errorClasses: { connect_reset: 3, timeout: 4 },
      statusCodes: { '2xx/3xx': 1_124_113, 'non-2xx/3xx': 12 },
    });
    expect(result.latency.corrected).toBeUndefined();
    const latency = result.latency.uncorrected;
    expect(latency.percentiles.p50).toBeCloseTo(0.25);
    expect(latency.percentiles.p99).toBe(5);
    expect(latency.percentiles.p95).toBeNaN();
    expect(latency.mean).toBeCloseTo(0.63591);
    expect(latency.stddev).toBeCloseTo(0.89);
    expect(latency.max).toBeCloseTo(12.92);
    expect(latency.count).toBe(1_124_125);
  });

  it('reads wrk2’s corrected (recorded) and uncorrected spectra', () => {
    const result = parseWrkOutput('wrk2', sample('wrk2-latency-u.txt'), { ...context, targetRate: 2000 });
    expect(result).toMatchObject({
      model: 'open',
      targetRate: 2000,
      connections: 16,
      requests: 19_980,
      durationMs: 10_000,
    });
    const corrected = result.latency.corrected;
    expect(corrected).toMatchObject({ count: 19_971, min: 0.195, mean: 1.174, stddev: 0.497, max: 4.648 });
    expect(corrected?.percentiles).toEqual({
      p50: 1.13,
      p75: 1.48,
      p90: 1.82,
      // Not in the short list: from the spectrum.
      p95: 2.02,
      p99: 2.5,
      p99_9: 3.38,
      p99_99: 4.09,
    });
    expect(result.latency.uncorrected).toMatchObject({ min: 0.18, mean: 1.002, max: 3.302 });
    expect(result.latency.uncorrected.percentiles.p99).toBe(2.02);
    // 1997.95 of 2000 req/s is within 1%.
    expect(result.generatorHealth.saturated).toBe(false);
  });

  it('marks wrk2 saturated when it fell short of the rate', () => {
    const result = parseWrkOutput('wrk2', sample('wrk2-latency-u.txt'), { ...context, targetRate: 5000 });
    expect(result.generatorHealth).toMatchObject({
      saturated: true,
      note: 'wrk2 reached 1998.0 of 5000 req/s',
    });
  });

  it('refuses output that is not a wrk report', () => {
    expect(() =>
      parseWrkOutput('wrk', 'unable to connect to 127.0.0.1:1 Connection refused', context),
    ).toThrow(/wrk output: no "threads and connections" line/);
  });
});

describe('fortio JSON output', () => {
  it('converts seconds to milliseconds and counts non-2xx/3xx and -1 as errors', () => {
    const result = parseFortioJson(sample('fortio.json'), context);
    expect(result).toMatchObject({
      generator: 'fortio',
      generatorVersion: '1.63.0',
      model: 'open',
      targetRate: 500,
      connections: 8,
      startedAt: '2026-12-04T10:00:00.123Z',
      durationMs: 5000.4,
      requests: 2499,
      errors: 5,
      achievedRate: 499.8,
      statusCodes: { '200': 2494, '503': 3 },
      errorClasses: { other: 2 },
    });
    const latency = result.latency.uncorrected;
    expect(latency.min).toBeCloseTo(0.312);
    expect(latency.max).toBeCloseTo(15.1);
    expect(latency.percentiles.p90).toBeCloseTo(1.3);
    expect(latency.percentiles.p99_9).toBeCloseTo(12.4);
    expect(latency.percentiles.p95).toBeNaN();
  });

  it('reads a closed-model run (RequestedQPS "max")', () => {
    const json = JSON.parse(sample('fortio.json')) as Record<string, unknown>;
    const result = parseFortioJson(JSON.stringify({ ...json, RequestedQPS: 'max' }), context);
    expect(result.model).toBe('closed');
    expect(result.targetRate).toBeUndefined();
  });

  it('refuses output without a histogram', () => {
    expect(() => parseFortioJson('{"RunType":"HTTP"}', context)).toThrow(/no DurationHistogram/);
    expect(() => parseFortioJson('null', context)).toThrow(/not a JSON object/);
    expect(() => parseFortioJson('Aborting because of lookup 127.0.0.1', context)).toThrow(/not JSON/);
  });
});

describe('Nighthawk JSON output', () => {
  it('reads the global result, status families, and sequencer blocking as generator lag', () => {
    const result = parseNighthawkJson(sample('nighthawk.json'), {
      ...context,
      targetRate: 1000,
      connections: 4,
    });
    expect(result).toMatchObject({
      generator: 'nighthawk',
      model: 'open',
      targetRate: 1000,
      connections: 4,
      startedAt: '2026-12-04T10:00:00.000Z',
      requests: 4990,
      errors: 10,
      statusCodes: { '2xx': 4980, '5xx': 10 },
      generatorHealth: { saturated: true, lateStarts: 3, meanLagMs: 2, maxLagMs: 2.6 },
    });
    expect(result.durationMs).toBeCloseTo(5000.1);
    expect(result.achievedRate).toBeCloseTo(998, 0);
    expect(result.latency.uncorrected).toMatchObject({
      count: 4990,
      min: 0.21,
      max: 4.1,
      mean: 0.51,
      stddev: 0.15,
    });
    expect(result.latency.uncorrected.percentiles).toEqual({
      p50: 0.48,
      p75: 0.56,
      p90: 0.7,
      p95: 0.81,
      p99: 1.2,
      p99_9: 2.9,
      p99_99: 4.1,
    });
  });

  it('refuses output without a global result', () => {
    expect(() => parseNighthawkJson('{"results":[{"name":"worker_0"}]}', context)).toThrow(
      /no "global" result/,
    );
  });
});
