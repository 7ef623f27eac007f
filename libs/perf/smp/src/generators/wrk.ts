import type { GeneratorName, LatencyStats, LoadResult } from '@meshplane/perf-loadgen';
import { join } from 'node:path';
import type { PerfRunOptions } from '../run-options.js';
import {
  GeneratorOptionsError,
  GeneratorOutputError,
  type BuildContext,
  type CommandPlan,
  type ExternalGenerator,
  type ParseContext,
} from './generator.js';
import { NOT_REPORTED, percentilesFromPoints, type LatencyPoint } from './latency-points.js';
import { checkRequestOptions, wholeSeconds } from './request-options.js';

/** wrk (closed model) and wrk2 (constant rate, `-R`): the same command line and the same text report. */
export class WrkGenerator implements ExternalGenerator {
  readonly versionArgs = ['-v'];
  readonly binary: string;

  constructor(readonly name: 'wrk' | 'wrk2') {
    this.binary = name;
  }

  buildCommand(options: PerfRunOptions, context: BuildContext): CommandPlan {
    const url = checkRequestOptions(this.name, options);
    if (options.protocol !== 'http1') throw new GeneratorOptionsError(this.name, 'speaks HTTP/1.1 only');
    if (this.name === 'wrk2' && options.rate === undefined) {
      throw new GeneratorOptionsError('wrk2', 'needs a rate (open model); use wrk for the closed model');
    }
    if (this.name === 'wrk' && options.rate !== undefined) {
      throw new GeneratorOptionsError('wrk', 'cannot hold a rate; use wrk2 for the open model');
    }
    const threads = Math.max(1, Math.min(context.threads ?? 2, options.connections));
    const args = [
      '-t',
      String(threads),
      '-c',
      String(options.connections),
      '-d',
      `${wholeSeconds(options.durationMs)}s`,
    ];
    args.push('--latency');
    if (this.name === 'wrk2') args.push('-U', '-R', String(Math.round(options.rate as number)));
    for (const [name, value] of Object.entries(options.headers)) args.push('-H', `${name}: ${value}`);
    const files: CommandPlan['files'] = [];
    if (options.method !== 'GET' || options.body !== undefined) {
      const path = join(context.workDir, 'request.lua');
      files.push({ path, content: luaRequestScript(options.method, options.body) });
      args.push('-s', path);
    }
    args.push(url.href);
    return { command: context.executable, args, files };
  }

  parseOutput(stdout: string, context: ParseContext): LoadResult {
    return parseWrkOutput(this.name, stdout, context);
  }
}

/** A Lua script that sets wrk's method and body; every byte outside plain ASCII is a decimal escape. */
export function luaRequestScript(method: string, body: string | undefined): string {
  const lines = [`wrk.method = ${luaString(method)}`];
  if (body !== undefined) lines.push(`wrk.body = ${luaString(body)}`);
  return `${lines.join('\n')}\n`;
}

function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const plain = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += plain ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  }
  return `${out}"`;
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** wrk's human-readable time (`635.91us`, `1.00s`) in milliseconds. */
export function wrkTimeMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(text.trim());
  if (!match) return NOT_REPORTED;
  return roundMs(Number(match[1]) * (TIME_UNITS[match[2] as string] as number));
}

/** To the nanosecond: 10.01 s is 10010 ms, not 10010.000000000002. */
function roundMs(ms: number): number {
  return Math.round(ms * 1e6) / 1e6;
}

/**
 * wrk's and wrk2's report. wrk2's `Recorded Latency` is measured from each request's intended send time (corrected);
 * with `-U` it also prints the uncorrected distribution. wrk's latency is from the actual send (uncorrected).
 */
export function parseWrkOutput(generator: 'wrk' | 'wrk2', stdout: string, context: ParseContext): LoadResult {
  const fail = (message: string): never => {
    throw new GeneratorOutputError(generator, message);
  };
  const setup =
    /(\d+) threads and (\d+) connections/.exec(stdout) ?? fail('no "threads and connections" line');
  const total =
    /(\d+) requests in (\d+(?:\.\d+)?)(us|ms|s|m|h),/.exec(stdout) ?? fail('no "requests in" line');
  const requests = Number(total[1]);
  const durationMs = roundMs(Number(total[2]) * (TIME_UNITS[total[3] as string] as number));
  const rateLine = /Requests\/sec:\s+(\d+(?:\.\d+)?)/.exec(stdout);
  const achievedRate = rateLine ? Number(rateLine[1]) : durationMs > 0 ? requests / (durationMs / 1000) : 0;
  const threadLatency = /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+\S+%?\s*$/m.exec(stdout);

  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const errorClasses: Record<string, number> = {};
  if (socket) {
    const [, connect, read, write, timeout] = socket.map(Number) as number[];
    if (connect) errorClasses['connect_refused'] = connect;
    if (read) errorClasses['connect_reset'] = read;
    if (write) errorClasses['other'] = write;
    if (timeout) errorClasses['timeout'] = timeout;
  }
  const socketErrors = Object.values(errorClasses).reduce((sum, n) => sum + n, 0);

  const sections = spectrumSections(stdout);
  let corrected: LatencyStats | undefined;
  let uncorrected: LatencyStats;
  let note: string | undefined;
  if (generator === 'wrk2') {
    const recorded = sections.recorded ?? fail('no "Recorded Latency" distribution (run with --latency)');
    corrected = recorded;
    uncorrected = sections.uncorrected ?? recorded;
    if (!sections.uncorrected)
      note = 'wrk2 printed no uncorrected distribution (-U); the corrected one is shown for both';
  } else {
    uncorrected = sections.recorded ?? summaryOnly(threadLatency, requests, fail);
    if (Number.isNaN(uncorrected.count)) uncorrected = { ...uncorrected, count: requests };
  }
  if (threadLatency && generator === 'wrk') {
    uncorrected = {
      ...uncorrected,
      mean: Number.isNaN(uncorrected.mean) ? wrkTimeMs(threadLatency[1] as string) : uncorrected.mean,
      stddev: Number.isNaN(uncorrected.stddev) ? wrkTimeMs(threadLatency[2] as string) : uncorrected.stddev,
      max: Number.isNaN(uncorrected.max) ? wrkTimeMs(threadLatency[3] as string) : uncorrected.max,
    };
  }

  const rate = generator === 'wrk2' ? (context.targetRate ?? NaN) : NaN;
  const saturated = generator === 'wrk2' && Number.isFinite(rate) && achievedRate < rate * 0.99;
  return {
    generator: generator as GeneratorName,
    ...(context.version ? { generatorVersion: context.version } : {}),
    model: generator === 'wrk2' ? 'open' : 'closed',
    ...(generator === 'wrk2' && context.targetRate !== undefined ? { targetRate: context.targetRate } : {}),
    protocol: 'http1',
    url: context.url,
    method: context.method,
    connections: Number(setup[2]),
    startedAt: context.startedAt,
    durationMs,
    warmupMs: 0,
    requests,
    errors: non2xx + socketErrors,
    achievedRate,
    latency: corrected ? { corrected, uncorrected } : { uncorrected },
    statusCodes:
      non2xx > 0 ? { '2xx/3xx': requests - non2xx, 'non-2xx/3xx': non2xx } : { '2xx/3xx': requests },
    errorClasses,
    series: [],
    generatorHealth: {
      saturated,
      lateStarts: 0,
      meanLagMs: NOT_REPORTED,
      maxLagMs: NOT_REPORTED,
      ...(saturated
        ? { note: `wrk2 reached ${achievedRate.toFixed(1)} of ${rate} req/s` }
        : note
          ? { note }
          : {}),
    },
  };
}

interface Sections {
  recorded?: LatencyStats;
  uncorrected?: LatencyStats;
}

/**
 * The `Latency Distribution` blocks. wrk prints `50%  250.00us` lines; wrk2 prints `50.000%    1.13ms` lines and then a
 * `Detailed Percentile spectrum` (value in ms, fraction, count) closed by `#[Mean = …]` / `#[Max = …]` lines.
 */
function spectrumSections(stdout: string): Sections {
  const sections: Sections = {};
  const blocks = stdout.split(/^\s*Latency Distribution/m).slice(1);
  for (const block of blocks) {
    const heading = block.split('\n', 1)[0] ?? '';
    const end = block.search(/^\s*(?:-{10,}|\d+ requests in)/m);
    const body = end >= 0 ? block.slice(0, end) : block;
    const stats = distribution(body);
    if (!stats) continue;
    if (/Uncorrected/i.test(heading)) sections.uncorrected = stats;
    else sections.recorded = stats;
  }
  return sections;
}

function distribution(body: string): LatencyStats | undefined {
  const points: LatencyPoint[] = [];
  for (const match of body.matchAll(/^\s*(\d+(?:\.\d+)?)%\s+(\S+)\s*$/gm)) {
    points.push({ fraction: Number(match[1]) / 100, valueMs: wrkTimeMs(match[2] as string) });
  }
  const spectrum: LatencyPoint[] = [];
  let count = NOT_REPORTED;
  for (const match of body.matchAll(
    /^\s*(\d+(?:\.\d+)?)\s+(\d\.\d+)\s+(\d+)\s+(?:\d+(?:\.\d+)?|inf)\s*$/gm,
  )) {
    spectrum.push({ fraction: Number(match[2]), valueMs: Number(match[1]) });
    count = Number(match[3]);
  }
  if (points.length === 0 && spectrum.length === 0) return undefined;
  const dense = spectrum.length > 0;
  const mean = /#\[Mean\s*=\s*([\d.]+),\s*StdDeviation\s*=\s*([\d.]+)\]/.exec(body);
  const max = /#\[Max\s*=\s*([\d.]+),\s*Total count\s*=\s*(\d+)\]/.exec(body);
  return {
    count: max ? Number(max[2]) : count,
    min: dense ? (spectrum[0] as LatencyPoint).valueMs : NOT_REPORTED,
    mean: mean ? Number(mean[1]) : NOT_REPORTED,
    max: max ? Number(max[1]) : dense ? (spectrum.at(-1) as LatencyPoint).valueMs : NOT_REPORTED,
    stddev: mean ? Number(mean[2]) : NOT_REPORTED,
    // The short list first: its values are printed with more precision than the spectrum's at the same fraction.
    percentiles: percentilesFromPoints([...points, ...spectrum], dense),
  };
}

function summaryOnly(
  threadLatency: RegExpExecArray | null,
  requests: number,
  fail: (message: string) => never,
): LatencyStats {
  if (!threadLatency) fail('no latency figures');
  return {
    count: requests,
    min: NOT_REPORTED,
    mean: NOT_REPORTED,
    max: NOT_REPORTED,
    stddev: NOT_REPORTED,
    percentiles: percentilesFromPoints([], false),
  };
}
