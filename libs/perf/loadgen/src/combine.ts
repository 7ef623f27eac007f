import { decodeHistogram, latencyStats, latencyStatsOf, mergeHistograms, newHistogram } from './histogram.js';
import type { ValidatedOptions } from './options.js';
import type { PartitionResult } from './partition.js';
import { addCounts, sum } from './merge-results.js';
import type { GeneratorHealth, LoadResult, SecondSample } from './result.js';

/** Busier than this over the measured window, a thread's figures describe the generator more than the target. */
const CPU_BOUND_UTILIZATION = 0.97;
/** Open model: more late or missed sends than this share means the generator did not keep the schedule. */
const LATE_SHARE = 0.01;

/** Builds the LoadResult of a run from its partitions' results: histograms merged exactly, counts and series summed. */
export function combinePartitions(
  options: ValidatedOptions,
  parts: readonly PartitionResult[],
  run: { measureStart: number; workersLost: number },
): LoadResult {
  const windowEnd = Math.max(run.measureStart, ...parts.map((part) => part.windowEnd));
  const durationMs = windowEnd - run.measureStart;
  const requests = sum(parts.map((part) => part.requests));
  const uncorrected = mergeHistograms(parts.map((part) => part.histograms.uncorrected));
  const corrected =
    options.model === 'open'
      ? mergeHistograms(parts.flatMap((part) => part.histograms.corrected ?? []))
      : undefined;
  const stopped = parts.some((part) => part.stopped);
  const partial =
    run.workersLost > 0
      ? { reason: `${run.workersLost} worker thread(s) failed during the run`, workersLost: run.workersLost }
      : stopped
        ? { reason: 'stopped before the planned duration' }
        : undefined;
  return {
    generator: 'meshplane',
    model: options.model,
    protocol: options.protocol,
    url: options.url,
    method: options.method,
    ...(options.rate !== undefined ? { targetRate: options.rate } : {}),
    connections: options.connections,
    startedAt: new Date(run.measureStart).toISOString(),
    durationMs,
    warmupMs: options.warmupMs,
    requests,
    errors: sum(parts.map((part) => part.errors)),
    achievedRate: durationMs > 0 ? requests / (durationMs / 1000) : 0,
    latency: {
      ...(corrected !== undefined ? { corrected: latencyStatsOf(corrected) } : {}),
      uncorrected: latencyStatsOf(uncorrected),
    },
    histograms: { ...(corrected !== undefined ? { corrected } : {}), uncorrected },
    statusCodes: addCounts(parts.map((part) => part.statusCodes)),
    errorClasses: addCounts(parts.map((part) => part.errorClasses)),
    series: combineSeries(parts, Math.ceil(durationMs / 1000)),
    generatorHealth: health(options, parts),
    ...(partial ? { partial } : {}),
  };
}

function combineSeries(parts: readonly PartitionResult[], seconds: number): SecondSample[] {
  const series: SecondSample[] = [];
  for (let second = 0; second < seconds; second++) {
    const samples = parts.flatMap((part) => part.seconds.filter((s) => s.second === second));
    const histogram = newHistogram();
    try {
      for (const sample of samples) {
        if (sample.histogram === undefined) continue;
        const part = decodeHistogram(sample.histogram);
        histogram.add(part);
        part.destroy();
      }
      const stats = latencyStats(histogram);
      series.push({
        second,
        requests: sum(samples.map((s) => s.requests)),
        errors: sum(samples.map((s) => s.errors)),
        p50Ms: stats.percentiles.p50,
        p99Ms: stats.percentiles.p99,
        maxMs: stats.max,
      });
    } finally {
      histogram.destroy();
    }
  }
  return series;
}

function health(options: ValidatedOptions, parts: readonly PartitionResult[]): GeneratorHealth {
  const sends = sum(parts.map((part) => part.lag.sends));
  const lateStarts = sum(parts.map((part) => part.lag.late));
  const missedStarts = sum(parts.map((part) => part.lag.missed));
  const busiest = Math.max(0, ...parts.map((part) => part.eventLoopUtilization));
  const notes: string[] = [];
  if (options.model === 'open') {
    const scheduled = sends + missedStarts;
    if (scheduled > 0 && (lateStarts + missedStarts) / scheduled > LATE_SHARE)
      notes.push(
        `${lateStarts} of ${scheduled} requests were sent more than ${options.lateThresholdMs} ms after their intended ` +
          `time and ${missedStarts} were never sent: the generator could not keep ${options.rate} req/s ` +
          '(lower the rate, add threads or workers); latency above includes this lag',
      );
  }
  if (busiest > CPU_BOUND_UTILIZATION)
    notes.push(
      `a generator thread was busy ${Math.round(busiest * 100)}% of the window: the figures may measure the generator ` +
        'rather than the target (add threads or workers)',
    );
  return {
    saturated: notes.length > 0,
    lateStarts,
    missedStarts,
    meanLagMs: sends > 0 ? sum(parts.map((part) => part.lag.sumMs)) / sends : 0,
    maxLagMs: Math.max(0, ...parts.map((part) => part.lag.maxMs)),
    eventLoopUtilization: busiest,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}
