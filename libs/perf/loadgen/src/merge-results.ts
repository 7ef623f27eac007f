import type { GeneratorHealth, LoadResult, SecondSample } from './result.js';

/** Counts by key (status codes, error classes) added up. */
export function addCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const part of counts)
    for (const [key, value] of Object.entries(part)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/**
 * Per-second series of several measurements merged by wall-clock second (each one's second 0 is its own window start;
 * coordinated starts make them coincide). Requests and errors are summed. A second's p50/p99 cannot be merged exactly
 * from the parts' figures (their per-second histograms are not kept): the merged value is the highest part's, an upper
 * bound; the whole run's percentiles come from the exactly merged histogram.
 */
export function mergeSeriesByClock(
  parts: readonly Pick<LoadResult, 'startedAt' | 'series'>[],
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

/**
 * The generator health of several measurements (shards, endpoints): saturated when any part was, lag and late starts
 * over all sends (each part's mean weighted by its requests), each part's note prefixed with its label.
 */
export function mergeGeneratorHealth(
  parts: readonly { label: string; health: GeneratorHealth; requests: number }[],
): GeneratorHealth {
  const requests = sum(parts.map((part) => part.requests));
  const notes = parts.flatMap((part) => (part.health.note ? [`${part.label}: ${part.health.note}`] : []));
  const missed = parts.flatMap((part) =>
    part.health.missedStarts !== undefined ? [part.health.missedStarts] : [],
  );
  const utilization = parts.flatMap((part) =>
    part.health.eventLoopUtilization !== undefined ? [part.health.eventLoopUtilization] : [],
  );
  return {
    saturated: parts.some((part) => part.health.saturated),
    lateStarts: sum(parts.map((part) => part.health.lateStarts)),
    meanLagMs: requests > 0 ? sum(parts.map((part) => part.health.meanLagMs * part.requests)) / requests : 0,
    maxLagMs: Math.max(0, ...parts.map((part) => part.health.maxLagMs)),
    ...(missed.length > 0 ? { missedStarts: sum(missed) } : {}),
    ...(utilization.length > 0 ? { eventLoopUtilization: Math.max(...utilization) } : {}),
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
