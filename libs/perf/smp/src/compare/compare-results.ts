import type { LatencyPercentiles, LatencyStats, LoadResult } from '@meshplane/perf-loadgen';

/** CPU and memory of the workload (and its proxies) during a run, where the caller measured them. */
export interface ResourceUsage {
  cpuMillicores?: number;
  memoryMb?: number;
}

export interface ComparedRun {
  result: LoadResult;
  resources?: ResourceUsage;
}

export interface Change {
  baseline: number;
  meshed: number;
  /** meshed − baseline. */
  absolute: number;
  /** (meshed − baseline) / baseline; null when the baseline is 0 or a figure is missing. */
  relative: number | null;
}

export interface PercentileOverhead extends Change {
  percentile: keyof LatencyPercentiles;
}

export interface Comparison {
  /** Which latency both sides are compared on: corrected only when both runs have it. */
  latency: 'corrected' | 'uncorrected';
  percentiles: PercentileOverhead[];
  mean: Change;
  /** Achieved requests per second. */
  rate: Change;
  /** Errors / requests, as a fraction. */
  errorRate: Change;
  cpuMillicores?: Change;
  memoryMb?: Change;
  /** Why the comparison may mislead: different models or rates, a saturated generator, partial results. */
  warnings: string[];
}

const PERCENTILE_KEYS: (keyof LatencyPercentiles)[] = ['p50', 'p75', 'p90', 'p95', 'p99', 'p99_9', 'p99_99'];

export function change(baseline: number, meshed: number): Change {
  const absolute = meshed - baseline;
  const relative = Number.isFinite(absolute) && baseline !== 0 ? absolute / baseline : null;
  return { baseline, meshed, absolute, relative };
}

function latencyOf(result: LoadResult, corrected: boolean): LatencyStats {
  return corrected ? (result.latency.corrected as LatencyStats) : result.latency.uncorrected;
}

function errorRate(result: LoadResult): number {
  return result.requests > 0 ? result.errors / result.requests : 0;
}

/** Baseline (no mesh) against meshed: what being on the mesh costs, per percentile and in rate, errors and resources. */
export function compareResults(baseline: ComparedRun, meshed: ComparedRun): Comparison {
  const corrected = Boolean(baseline.result.latency.corrected && meshed.result.latency.corrected);
  const before = latencyOf(baseline.result, corrected);
  const after = latencyOf(meshed.result, corrected);
  const warnings: string[] = [];
  if (baseline.result.model !== meshed.result.model) warnings.push('the runs used different load models');
  if (!Object.is(baseline.result.targetRate, meshed.result.targetRate))
    warnings.push('the runs asked for different rates');
  // Object.is: two tools that do not report connections (NaN) are not a difference.
  if (!Object.is(baseline.result.connections, meshed.result.connections))
    warnings.push('the runs used different connection counts');
  if (!corrected && (baseline.result.latency.corrected || meshed.result.latency.corrected)) {
    warnings.push('only one run has corrected latency: both are compared uncorrected');
  }
  for (const [side, run] of [
    ['baseline', baseline],
    ['meshed', meshed],
  ] as const) {
    if (run.result.generatorHealth.saturated) warnings.push(`the ${side} run's generator was saturated`);
    if (run.result.partial) warnings.push(`the ${side} run is partial: ${run.result.partial.reason}`);
  }

  const comparison: Comparison = {
    latency: corrected ? 'corrected' : 'uncorrected',
    percentiles: PERCENTILE_KEYS.map((percentile) => ({
      percentile,
      ...change(before.percentiles[percentile], after.percentiles[percentile]),
    })),
    mean: change(before.mean, after.mean),
    rate: change(baseline.result.achievedRate, meshed.result.achievedRate),
    errorRate: change(errorRate(baseline.result), errorRate(meshed.result)),
    warnings,
  };
  const cpu = [baseline.resources?.cpuMillicores, meshed.resources?.cpuMillicores];
  if (cpu[0] !== undefined && cpu[1] !== undefined) comparison.cpuMillicores = change(cpu[0], cpu[1]);
  const memory = [baseline.resources?.memoryMb, meshed.resources?.memoryMb];
  if (memory[0] !== undefined && memory[1] !== undefined) comparison.memoryMb = change(memory[0], memory[1]);
  return comparison;
}
