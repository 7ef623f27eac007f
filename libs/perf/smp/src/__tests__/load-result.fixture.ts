import type { LatencyStats, LoadResult } from '@meshplane/perf-loadgen';

export function latency(
  p50: number,
  p90: number,
  p99: number,
  overrides: Partial<LatencyStats> = {},
): LatencyStats {
  return {
    count: 1000,
    min: p50 / 2,
    mean: p50 * 1.1,
    max: p99 * 2,
    stddev: p50 / 3,
    percentiles: {
      p50,
      p75: (p50 + p90) / 2,
      p90,
      p95: (p90 + p99) / 2,
      p99,
      p99_9: p99 * 1.5,
      p99_99: p99 * 1.8,
    },
    ...overrides,
  };
}

export function loadResult(overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    generator: 'meshplane',
    generatorVersion: '0.1.0',
    model: 'open',
    protocol: 'http1',
    url: 'http://127.0.0.1:8080/',
    method: 'GET',
    targetRate: 1000,
    connections: 16,
    startedAt: '2026-12-04T10:00:00.000Z',
    durationMs: 30_000,
    warmupMs: 2000,
    requests: 30_000,
    errors: 30,
    achievedRate: 1000,
    latency: { corrected: latency(1, 2, 4), uncorrected: latency(0.9, 1.8, 3.5) },
    statusCodes: { '200': 29_980, '503': 10 },
    errorClasses: { timeout: 20 },
    series: [
      { second: 0, requests: 1000, errors: 1, p50Ms: 1, p99Ms: 4, maxMs: 6 },
      { second: 1, requests: 990, errors: 0, p50Ms: 1.1, p99Ms: 4.2, maxMs: 7 },
      { second: 2, requests: 1010, errors: 3, p50Ms: 0.9, p99Ms: 3.9, maxMs: 5 },
    ],
    generatorHealth: { saturated: false, lateStarts: 0, meanLagMs: 0.01, maxLagMs: 0.2 },
    ...overrides,
  };
}
