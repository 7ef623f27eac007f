import {
  addCounts,
  latencyStatsOf,
  mergeGeneratorHealth,
  mergeHistograms,
  mergeSeriesByClock,
  type GeneratorHealth,
  type LoadResult,
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

/** Per-second series merged by wall-clock second (see mergeSeriesByClock). */
export const mergeSeries = mergeSeriesByClock;

function mergeHealth(shards: readonly ShardStatus[]): GeneratorHealth {
  return mergeGeneratorHealth(
    shards.flatMap((shard) =>
      shard.measurement
        ? [
            {
              label: `shard ${shard.index}`,
              health: shard.measurement.generatorHealth,
              requests: shard.measurement.requests,
            },
          ]
        : [],
    ),
  );
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
