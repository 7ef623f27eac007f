import type { LatencyPercentiles } from '@meshplane/perf-loadgen';

/** A figure the tool did not report (LatencyStats has no optional fields): NaN, which JSON writes as null. */
export const NOT_REPORTED = Number.NaN;

/** Seconds to milliseconds, rounded to the nanosecond so that 0.00021 s reads 0.21 ms, not 0.21000000000000002. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e6;
}

/** One point of a cumulative distribution: the fraction (0–1) of requests at or below `valueMs`. */
export interface LatencyPoint {
  fraction: number;
  valueMs: number;
}

const WANTED: [keyof LatencyPercentiles, number][] = [
  ['p50', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
  ['p99_9', 0.999],
  ['p99_99', 0.9999],
];

/**
 * Our percentiles from the points a tool printed. An exact point is used as is; otherwise the value of the first
 * point above it (what an HDR histogram answers) when the tool printed a dense spectrum, NaN when it printed only a
 * few points (wrk's 50/75/90/99), so a missing figure is never made up.
 */
export function percentilesFromPoints(points: LatencyPoint[], dense: boolean): LatencyPercentiles {
  const sorted = [...points].sort((a, b) => a.fraction - b.fraction);
  const result = {} as LatencyPercentiles;
  for (const [key, fraction] of WANTED) {
    const exact = sorted.find((point) => Math.abs(point.fraction - fraction) < 1e-9);
    const above = dense ? sorted.find((point) => point.fraction >= fraction) : undefined;
    result[key] = (exact ?? above)?.valueMs ?? NOT_REPORTED;
  }
  return result;
}
