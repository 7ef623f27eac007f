import type { ShardMeasurement } from '@meshplane/contracts';
import {
  latencyStatsOf,
  mergeHistograms,
  type GeneratorHealth,
  type LoadResult,
  type SecondSample,
} from '@meshplane/perf-loadgen';
import type { ShardStatus } from './shard-state.js';
import type { DistributedLoadOptions } from './split.js';

/** A distributed run's result: loadgen's format over every completed shard, plus where each shard ended. */
export type DistributedResult = LoadResult & { runId: string; shards: ShardStatus[] };

/**
 * Combines the completed shards' measurements: histograms merged exactly (bucket counts added, never percentiles
 * averaged), counts and status codes summed, series merged by wall-clock second. Shards that failed or were lost
 * make the result partial, with the reason.
 */
export function mergeShards(
  options: DistributedLoadOptions,
  runId: string,
  shards: readonly ShardStatus[],
): DistributedResult {
  const parts = shards.flatMap((shard) => (shard.measurement ? [shard.measurement] : []));
  if (parts.length === 0) throw new Error('no shard completed');
  const starts = parts.map((part) => Date.parse(part.startedAt));
  const start = Math.min(...starts);
  const end = Math.max(...parts.map((part, i) => (starts[i] ?? start) + part.durationMs));
  const durationMs = end - start;
  const requests = sum(parts.map((part) => part.requests));
  const uncorrected = mergeHistograms(parts.map((part) => part.histograms.uncorrected));
  const correctedParts = parts.flatMap((part) => part.histograms.corrected ?? []);
  const corrected =
    options.model === 'open' && correctedParts.length > 0 ? mergeHistograms(correctedParts) : undefined;
  const partial = partialOf(shards);
  return {
    runId,
    generator: 'meshplane',
    model: options.model,
    protocol: options.protocol ?? 'http1',
    url: options.url,
    method: options.method ?? 'GET',
    ...(options.rate !== undefined ? { targetRate: options.rate } : {}),
    connections: options.connections ?? 16,
    startedAt: new Date(start).toISOString(),
    durationMs,
    warmupMs: options.warmupMs ?? 0,
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
    series: mergeSeries(parts),
    generatorHealth: mergeHealth(shards),
    ...(partial ? { partial } : {}),
    shards: shards.map((shard) => ({ ...shard })),
  };
}

/** Why the result does not cover the whole planned load, or undefined when it does. */
export function partialOf(shards: readonly ShardStatus[]): LoadResult['partial'] {
  const missing = shards.filter((shard) => shard.status !== 'completed');
  const reasons = missing.map(
    (shard) => `shard ${shard.index} ${shard.status}: ${shard.error ?? 'no reason given'}`,
  );
  for (const shard of shards)
    if (shard.measurement?.partial) reasons.push(`shard ${shard.index}: ${shard.measurement.partial.reason}`);
  if (reasons.length === 0) return undefined;
  return {
    reason: `${missing.length} of ${shards.length} shard(s) missing; ${reasons.join('; ')}`,
    workersLost: missing.length,
  };
}

/**
 * Per-second series merged by wall-clock second (each shard's second 0 is its own window start; coordinated starts
 * make them coincide). Requests and errors are summed. A second's p50/p99 cannot be merged exactly from the shards'
 * figures (their per-second histograms are not exchanged): the merged value is the highest shard's, an upper bound;
 * the run's percentiles come from the exactly merged histogram.
 */
export function mergeSeries(
  parts: readonly Pick<ShardMeasurement, 'startedAt' | 'series'>[],
): SecondSample[] {
  if (parts.length === 0) return [];
  const starts = parts.map((part) => Date.parse(part.startedAt));
  const origin = Math.min(...starts);
  const bySecond = new Map<number, SecondSample>();
  parts.forEach((part, i) => {
    const offset = Math.round(((starts[i] ?? origin) - origin) / 1000);
    for (const sample of part.series) {
      const second = sample.second + offset;
      const merged = bySecond.get(second);
      if (merged === undefined) bySecond.set(second, { ...sample, second });
      else {
        merged.requests += sample.requests;
        merged.errors += sample.errors;
        merged.p50Ms = Math.max(merged.p50Ms, sample.p50Ms);
        merged.p99Ms = Math.max(merged.p99Ms, sample.p99Ms);
        merged.maxMs = Math.max(merged.maxMs, sample.maxMs);
      }
    }
  });
  return [...bySecond.values()].sort((a, b) => a.second - b.second);
}

function mergeHealth(shards: readonly ShardStatus[]): GeneratorHealth {
  const measured = shards.flatMap((shard) =>
    shard.measurement
      ? [
          {
            index: shard.index,
            health: shard.measurement.generatorHealth,
            requests: shard.measurement.requests,
          },
        ]
      : [],
  );
  const requests = sum(measured.map((m) => m.requests));
  const notes = measured.flatMap((m) => (m.health.note ? [`shard ${m.index}: ${m.health.note}`] : []));
  const missed = measured.flatMap((m) =>
    m.health.missedStarts !== undefined ? [m.health.missedStarts] : [],
  );
  const utilization = measured.flatMap((m) =>
    m.health.eventLoopUtilization !== undefined ? [m.health.eventLoopUtilization] : [],
  );
  return {
    saturated: measured.some((m) => m.health.saturated),
    lateStarts: sum(measured.map((m) => m.health.lateStarts)),
    // Mean lag of all sends: each shard's mean weighted by its requests.
    meanLagMs: requests > 0 ? sum(measured.map((m) => m.health.meanLagMs * m.requests)) / requests : 0,
    maxLagMs: Math.max(0, ...measured.map((m) => m.health.maxLagMs)),
    ...(missed.length > 0 ? { missedStarts: sum(missed) } : {}),
    ...(utilization.length > 0 ? { eventLoopUtilization: Math.max(...utilization) } : {}),
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

function addCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const part of counts)
    for (const [key, value] of Object.entries(part)) total[key] = (total[key] ?? 0) + value;
  return total;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
