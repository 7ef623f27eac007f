import type { LatencyStats, LoadResult } from '@meshplane/perf-loadgen';
import { formatGoDuration } from '../smp/go-duration.js';

/** fortio's JSON result (`fortio load -json`), the subset other tools read. Durations in seconds. */
export interface FortioHistogram {
  Count: number;
  Min: number;
  Max: number;
  Sum: number;
  Avg: number;
  StdDev: number;
  Data: { Start: number; End: number; Percent: number; Count: number }[];
  Percentiles: { Percentile: number; Value: number }[];
}

export interface FortioResult {
  RunType: 'HTTP' | 'GRPC';
  Labels: string;
  StartTime: string;
  /** fortio writes the asked-for rate as a string, `max` for as fast as possible. */
  RequestedQPS: string;
  RequestedDuration: string;
  ActualQPS: number;
  /** Nanoseconds. */
  ActualDuration: number;
  NumThreads: number;
  Version: string;
  DurationHistogram: FortioHistogram;
  Exactly: number;
  RetCodes: Record<string, number>;
  URL: string;
  SocketCount: number;
  AbortOn: number;
}

const PERCENTILES: [keyof LatencyStats['percentiles'], number][] = [
  ['p50', 50],
  ['p75', 75],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  ['p99_9', 99.9],
  ['p99_99', 99.99],
];

/**
 * A LoadResult as fortio's JSON, so tools that read fortio results (fortio's report UI, Meshery) can show ours. The
 * histogram's `Data` buckets are derived from the percentiles (min → p50 → p75 … → max), not fortio's own bucket
 * boundaries: counts and percents are exact at each percentile, the spread inside a bucket is not.
 */
export function toFortioJson(result: LoadResult, labels = ''): FortioResult {
  const latency = result.latency.corrected ?? result.latency.uncorrected;
  const seconds = (ms: number) => ms / 1000;
  const retCodes: Record<string, number> = { ...result.statusCodes };
  const transportErrors = Object.values(result.errorClasses).reduce((sum, count) => sum + count, 0);
  // fortio counts a request that got no HTTP status at all under -1.
  if (transportErrors > 0) retCodes['-1'] = (retCodes['-1'] ?? 0) + transportErrors;
  return {
    RunType: result.protocol === 'grpc' ? 'GRPC' : 'HTTP',
    Labels: labels,
    StartTime: result.startedAt,
    RequestedQPS: result.targetRate === undefined ? 'max' : String(result.targetRate),
    RequestedDuration: formatGoDuration(result.durationMs),
    ActualQPS: result.achievedRate,
    ActualDuration: Math.round(result.durationMs * 1e6),
    NumThreads: result.connections,
    Version: `${result.generator}${result.generatorVersion ? ` ${result.generatorVersion}` : ''}`,
    DurationHistogram: {
      Count: latency.count,
      Min: seconds(latency.min),
      Max: seconds(latency.max),
      Sum: seconds(latency.mean * latency.count),
      Avg: seconds(latency.mean),
      StdDev: seconds(latency.stddev),
      Data: buckets(latency).map((bucket) => ({
        ...bucket,
        Start: seconds(bucket.Start),
        End: seconds(bucket.End),
      })),
      Percentiles: PERCENTILES.map(([key, percentile]) => ({
        Percentile: percentile,
        Value: seconds(latency.percentiles[key]),
      })),
    },
    Exactly: 0,
    RetCodes: retCodes,
    URL: result.url,
    SocketCount: result.connections,
    AbortOn: 0,
  };
}

function buckets(latency: LatencyStats): FortioHistogram['Data'] {
  const points: [number, number][] = [
    [0, latency.min],
    ...PERCENTILES.map(([key, percentile]): [number, number] => [percentile, latency.percentiles[key]]),
    [100, latency.max],
  ];
  const data: FortioHistogram['Data'] = [];
  let counted = 0;
  for (let index = 1; index < points.length; index += 1) {
    const [, start] = points[index - 1] as [number, number];
    const [percent, end] = points[index] as [number, number];
    const cumulative = Math.round((latency.count * percent) / 100);
    const count = cumulative - counted;
    if (count <= 0) continue;
    counted = cumulative;
    // Percent is cumulative, as in fortio; the bucket holding the last request ends at the maximum.
    const last = cumulative >= latency.count;
    data.push({
      Start: start,
      End: last ? latency.max : end,
      Percent: (100 * cumulative) / latency.count,
      Count: count,
    });
    if (last) break;
  }
  return data;
}
