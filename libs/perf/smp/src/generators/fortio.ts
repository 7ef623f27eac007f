import type { LatencyStats, LoadResult } from '@meshplane/perf-loadgen';
import { join } from 'node:path';
import { formatGoDuration } from '../smp/go-duration.js';
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
import { checkRequestOptions } from './request-options.js';

/** Linux refuses a single argument over 128 KiB (E2BIG); larger bodies go through a file. */
const INLINE_PAYLOAD_BYTES = 32 * 1024;

/** fortio: `fortio load -json -` prints its result as JSON on stdout (logs go to stderr). */
export class FortioGenerator implements ExternalGenerator {
  readonly name = 'fortio' as const;
  readonly binary = 'fortio';
  readonly versionArgs = ['version', '-s'];

  buildCommand(options: PerfRunOptions, context: BuildContext): CommandPlan {
    const url = checkRequestOptions(this.name, options);
    if (options.protocol === 'grpc')
      throw new GeneratorOptionsError('fortio', "gRPC load runs only fortio's ping service");
    const args = [
      'load',
      '-json',
      '-',
      // 0 is fortio's "no wait, as fast as possible".
      '-qps',
      String(options.rate ?? 0),
      '-c',
      String(options.connections),
      '-t',
      formatGoDuration(options.durationMs),
      '-p',
      '50,75,90,95,99,99.9,99.99',
      '-loglevel',
      'Warning',
    ];
    if (options.protocol === 'http2') args.push('-h2');
    const defaultMethod = options.body === undefined ? 'GET' : 'POST';
    if (options.method !== defaultMethod) args.push('-X', options.method);
    const files: CommandPlan['files'] = [];
    if (options.body !== undefined && Buffer.byteLength(options.body) > INLINE_PAYLOAD_BYTES) {
      const path = join(context.workDir, 'payload');
      files.push({ path, content: options.body });
      args.push('-payload-file', path);
    } else if (options.body !== undefined) args.push('-payload', options.body);
    for (const [name, value] of Object.entries(options.headers)) args.push('-H', `${name}: ${value}`);
    args.push(url.href);
    return { command: context.executable, args, files };
  }

  parseOutput(stdout: string, context: ParseContext): LoadResult {
    return parseFortioJson(stdout, context);
  }
}

interface FortioJson {
  RunType?: string;
  StartTime?: string;
  RequestedQPS?: string | number;
  ActualQPS?: number;
  ActualDuration?: number;
  NumThreads?: number;
  Version?: string;
  URL?: string;
  DurationHistogram?: {
    Count?: number;
    Min?: number;
    Max?: number;
    Avg?: number;
    StdDev?: number;
    Percentiles?: { Percentile: number; Value: number }[] | null;
  };
  RetCodes?: Record<string, number>;
}

/** fortio's JSON result (seconds) as a LoadResult (milliseconds). fortio measures from the actual send: uncorrected. */
export function parseFortioJson(stdout: string, context: ParseContext): LoadResult {
  let json: FortioJson;
  try {
    json = JSON.parse(stdout) as FortioJson;
  } catch (error) {
    throw new GeneratorOutputError('fortio', `not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null)
    throw new GeneratorOutputError('fortio', 'not a JSON object');
  const histogram = json.DurationHistogram;
  if (!histogram || typeof histogram.Count !== 'number')
    throw new GeneratorOutputError('fortio', 'no DurationHistogram');
  const ms = (seconds: number | undefined) =>
    typeof seconds === 'number' ? secondsToMs(seconds) : NOT_REPORTED;
  const latency: LatencyStats = {
    count: histogram.Count,
    min: ms(histogram.Min),
    mean: ms(histogram.Avg),
    max: ms(histogram.Max),
    stddev: ms(histogram.StdDev),
    percentiles: percentilesFromPoints(
      (histogram.Percentiles ?? []).map((p) => ({
        fraction: p.Percentile / 100,
        valueMs: secondsToMs(p.Value),
      })),
      false,
    ),
  };
  const statusCodes: Record<string, number> = {};
  const errorClasses: Record<string, number> = {};
  let errors = 0;
  for (const [code, count] of Object.entries(json.RetCodes ?? {})) {
    if (code === '-1') {
      errorClasses['other'] = count;
      errors += count;
      continue;
    }
    statusCodes[code] = count;
    const status = Number(code);
    // gRPC runs report status names (SERVING); HTTP runs numbers.
    if (Number.isInteger(status) ? status < 200 || status >= 400 : code !== 'SERVING' && code !== 'OK')
      errors += count;
  }
  const requested = String(json.RequestedQPS ?? 'max');
  const targetRate = requested === 'max' || Number(requested) <= 0 ? undefined : Number(requested);
  const durationMs = typeof json.ActualDuration === 'number' ? json.ActualDuration / 1e6 : NOT_REPORTED;
  const version = context.version ?? json.Version;
  return {
    generator: 'fortio',
    ...(version ? { generatorVersion: version } : {}),
    model: targetRate === undefined ? 'closed' : 'open',
    protocol: json.RunType === 'GRPC' ? 'grpc' : 'http1',
    url: context.url,
    method: context.method,
    ...(targetRate !== undefined ? { targetRate } : {}),
    connections: json.NumThreads ?? NOT_REPORTED,
    startedAt: json.StartTime ? new Date(json.StartTime).toISOString() : context.startedAt,
    durationMs,
    warmupMs: 0,
    requests: histogram.Count,
    errors,
    achievedRate: json.ActualQPS ?? histogram.Count / (durationMs / 1000),
    latency: { uncorrected: latency },
    statusCodes,
    errorClasses,
    series: [],
    generatorHealth: {
      saturated: targetRate !== undefined && (json.ActualQPS ?? 0) < targetRate * 0.99,
      lateStarts: 0,
      meanLagMs: NOT_REPORTED,
      maxLagMs: NOT_REPORTED,
    },
  };
}
