import type { LatencyStats, LoadResult } from '@meshplane/perf-loadgen';
import type { PerfRunOptions } from '../run-options.js';
import {
  GeneratorOptionsError,
  GeneratorOutputError,
  type BuildContext,
  type CommandPlan,
  type ExternalGenerator,
  type ParseContext,
} from './generator.js';
import { NOT_REPORTED, percentilesFromPoints, secondsToMs } from './latency-points.js';
import { checkRequestOptions, wholeSeconds } from './request-options.js';

/** Envoy's Nighthawk client: `nighthawk_client --output-format json` prints its result as JSON on stdout. */
export class NighthawkGenerator implements ExternalGenerator {
  readonly name = 'nighthawk' as const;
  readonly binary = 'nighthawk_client';
  readonly versionArgs = ['--version'];

  buildCommand(options: PerfRunOptions, context: BuildContext): CommandPlan {
    const url = checkRequestOptions(this.name, options);
    if (options.rate === undefined)
      throw new GeneratorOptionsError('nighthawk', 'needs a rate (it paces requests)');
    if (options.protocol === 'grpc')
      throw new GeneratorOptionsError('nighthawk', 'does not send gRPC requests');
    if (options.body !== undefined) {
      throw new GeneratorOptionsError(
        'nighthawk',
        'cannot send a given body (only a generated one of a given size)',
      );
    }
    const args = [
      '--rps',
      String(Math.round(options.rate)),
      '--connections',
      String(options.connections),
      '--duration',
      String(wholeSeconds(options.durationMs)),
      '--output-format',
      'json',
      '--request-method',
      options.method,
    ];
    if (options.protocol === 'http2') args.push('--h2');
    for (const [name, value] of Object.entries(options.headers))
      args.push('--request-header', `${name}:${value}`);
    args.push(url.href);
    return { command: context.executable, args, files: [] };
  }

  parseOutput(stdout: string, context: ParseContext): LoadResult {
    return parseNighthawkJson(stdout, context);
  }
}

interface NighthawkStatistic {
  id?: string;
  count?: string | number;
  percentiles?: { percentile?: number; count?: string | number; duration?: string }[];
  mean?: string;
  pstdev?: string;
  min?: string;
  max?: string;
}

interface NighthawkJson {
  results?: {
    name?: string;
    statistics?: NighthawkStatistic[];
    counters?: { name?: string; value?: string | number }[];
    execution_duration?: string;
    execution_start?: string;
  }[];
}

/** A protobuf JSON Duration (`"0.000456s"`) in milliseconds. */
function durationMs(text: string | undefined): number {
  const match = text === undefined ? null : /^(-?\d+(?:\.\d+)?)s$/.exec(text);
  return match ? secondsToMs(Number(match[1])) : NOT_REPORTED;
}

function stats(statistic: NighthawkStatistic): LatencyStats {
  return {
    count: Number(statistic.count ?? 0),
    min: durationMs(statistic.min),
    mean: durationMs(statistic.mean),
    max: durationMs(statistic.max),
    stddev: durationMs(statistic.pstdev),
    percentiles: percentilesFromPoints(
      // protobuf JSON leaves out a 0 percentile; fractions 0–1, dense enough to read p99.99 from.
      (statistic.percentiles ?? []).map((p) => ({
        fraction: p.percentile ?? 0,
        valueMs: durationMs(p.duration),
      })),
      true,
    ),
  };
}

/**
 * Nighthawk's `global` result as a LoadResult. Latency is `benchmark_http_client.request_to_response`; the time the
 * sequencer spent blocked (it could not start a request when due) becomes the generator's lag.
 */
export function parseNighthawkJson(stdout: string, context: ParseContext): LoadResult {
  let json: NighthawkJson;
  try {
    json = JSON.parse(stdout) as NighthawkJson;
  } catch (error) {
    throw new GeneratorOutputError('nighthawk', `not JSON (${(error as Error).message})`);
  }
  const global = json?.results?.find((result) => result.name === 'global');
  if (!global) throw new GeneratorOutputError('nighthawk', 'no "global" result');
  const statistic = (id: string) => global.statistics?.find((s) => s.id === id);
  const latencyStatistic =
    statistic('benchmark_http_client.request_to_response') ??
    (() => {
      throw new GeneratorOutputError('nighthawk', 'no benchmark_http_client.request_to_response statistic');
    })();
  const counters = new Map((global.counters ?? []).map((c) => [c.name ?? '', Number(c.value ?? 0)]));
  const counter = (name: string) => counters.get(name) ?? 0;

  const statusCodes: Record<string, number> = {};
  for (const family of ['1xx', '2xx', '3xx', '4xx', '5xx']) {
    const count = counter(`benchmark.http_${family}`);
    if (count > 0) statusCodes[family] = count;
  }
  const errorClasses: Record<string, number> = {};
  const connectFailures = counter('upstream_cx_connect_fail') + counter('benchmark.pool_connection_failure');
  if (connectFailures > 0) errorClasses['connect_refused'] = connectFailures;
  if (counter('benchmark.stream_resets') > 0)
    errorClasses['connect_reset'] = counter('benchmark.stream_resets');
  if (counter('benchmark.pool_overflow') > 0) errorClasses['other'] = counter('benchmark.pool_overflow');
  const errors =
    counter('benchmark.http_4xx') +
    counter('benchmark.http_5xx') +
    Object.values(errorClasses).reduce((a, b) => a + b, 0);

  const latency = stats(latencyStatistic);
  const blocking = statistic('sequencer.blocking');
  const blocked = blocking ? stats(blocking) : undefined;
  const measuredMs = durationMs(global.execution_duration);
  const requests = latency.count;
  const achievedRate = measuredMs > 0 ? requests / (measuredMs / 1000) : 0;
  const targetRate = context.targetRate;
  const lateStarts = blocked?.count ?? 0;
  const saturated = lateStarts > 0 || (targetRate !== undefined && achievedRate < targetRate * 0.99);
  return {
    generator: 'nighthawk',
    ...(context.version ? { generatorVersion: context.version } : {}),
    model: 'open',
    protocol: 'http1',
    url: context.url,
    method: context.method,
    ...(targetRate !== undefined ? { targetRate } : {}),
    connections: context.connections ?? NOT_REPORTED,
    startedAt: global.execution_start ? new Date(global.execution_start).toISOString() : context.startedAt,
    durationMs: measuredMs,
    warmupMs: 0,
    requests,
    errors,
    achievedRate,
    latency: { uncorrected: latency },
    statusCodes,
    errorClasses,
    series: [],
    generatorHealth: {
      saturated,
      lateStarts,
      meanLagMs: blocked && lateStarts > 0 ? blocked.mean : 0,
      maxLagMs: blocked && lateStarts > 0 ? blocked.max : 0,
      ...(saturated
        ? { note: 'nighthawk could not start requests when due: more connections or a lower rate' }
        : {}),
    },
  };
}
