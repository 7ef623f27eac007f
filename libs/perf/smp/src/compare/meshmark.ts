import type { LatencyPercentiles } from '@meshplane/perf-loadgen';
import type { Comparison } from './compare-results.js';

/** What the mesh gives in return for its overhead: the features in use during the meshed run. */
export interface MeshValue {
  mtls?: boolean;
  telemetry?: boolean;
  policy?: boolean;
  trafficManagement?: boolean;
}

/** Weights of the features (they sum to 1). See README "Value-versus-overhead index". */
export const MESH_VALUE_WEIGHTS: Record<keyof MeshValue, number> = {
  mtls: 0.35,
  telemetry: 0.25,
  policy: 0.2,
  trafficManagement: 0.2,
};

/** Tail latency weighs most: it is what users of a meshed service notice. */
export const LATENCY_WEIGHTS: Partial<Record<keyof LatencyPercentiles, number>> = {
  p50: 0.2,
  p90: 0.3,
  p99: 0.5,
};

/** How much each kind of overhead counts in O. */
export const OVERHEAD_WEIGHTS = { latency: 0.5, rate: 0.2, resources: 0.2, errors: 1 } as const;

export interface MeshMark {
  /** 0–100, one decimal: 100 = value at no cost, 0 = no value (or infinite overhead). */
  index: number;
  value: number;
  overhead: number;
  terms: { latency: number; rate: number; resources: number; errors: number };
}

const positive = (x: number | null | undefined) =>
  typeof x === 'number' && Number.isFinite(x) ? Math.max(0, x) : 0;

/**
 * Meshplane's value-versus-overhead index, in the spirit of SMP's MeshMark: index = 100 · V / (V + O), where V is the
 * weighted share of mesh features in use (1 when none are declared, so the index then measures overhead alone) and O
 * the weighted relative overhead. Only costs count: a mesh that happens to be faster scores 100, not more.
 */
export function meshMark(comparison: Comparison, value?: MeshValue): MeshMark {
  const v = value
    ? (Object.keys(MESH_VALUE_WEIGHTS) as (keyof MeshValue)[]).reduce(
        (sum, feature) => sum + (value[feature] ? MESH_VALUE_WEIGHTS[feature] : 0),
        0,
      )
    : 1;

  let latencyWeight = 0;
  let latencySum = 0;
  for (const overhead of comparison.percentiles) {
    const weight = LATENCY_WEIGHTS[overhead.percentile];
    if (weight === undefined || overhead.relative === null) continue;
    latencyWeight += weight;
    latencySum += weight * positive(overhead.relative);
  }
  const resources = [comparison.cpuMillicores?.relative, comparison.memoryMb?.relative].filter(
    (x): x is number => typeof x === 'number' && Number.isFinite(x),
  );
  const terms = {
    latency: latencyWeight > 0 ? latencySum / latencyWeight : 0,
    rate: positive(comparison.rate.relative === null ? 0 : -comparison.rate.relative),
    resources:
      resources.length > 0 ? resources.reduce((sum, x) => sum + positive(x), 0) / resources.length : 0,
    // Percentage points of extra errors: one point costs as much as tripling the latency (+200%).
    errors: positive(comparison.errorRate.absolute) * 100,
  };
  const overhead =
    OVERHEAD_WEIGHTS.latency * terms.latency +
    OVERHEAD_WEIGHTS.rate * terms.rate +
    OVERHEAD_WEIGHTS.resources * terms.resources +
    OVERHEAD_WEIGHTS.errors * terms.errors;
  const index = v <= 0 ? 0 : Math.round((1000 * v) / (v + overhead)) / 10;
  return { index, value: v, overhead, terms };
}
