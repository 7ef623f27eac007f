import * as hdr from 'hdr-histogram-js';
import type { LatencyStats } from './result.js';

/**
 * HDR histograms of latency in microseconds (WASM build: ~20 ns per record), exchanged as HdrHistogram's compressed
 * base64 format so that histograms of several threads, workers or machines merge exactly: adding bucket counts of
 * histograms with the same layout loses nothing, where averaging percentiles would.
 */
export type Histogram = hdr.Histogram;

const BIT_BUCKET_SIZE = 32;
/** One hour: a latency beyond it is recorded as one hour. */
const HIGHEST_US = 3_600_000_000;

let wasmReady = false;

function ensureWasm(): void {
  if (wasmReady) return;
  hdr.initWebAssemblySync();
  wasmReady = true;
}

/** A new empty histogram. WASM memory: call `destroy()` when done with it. */
export function newHistogram(): Histogram {
  ensureWasm();
  return hdr.build({
    useWebAssembly: true,
    bitBucketSize: BIT_BUCKET_SIZE,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

/** Records a latency given in milliseconds. */
export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000))));
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes a histogram from the base64 interchange format. WASM memory: call `destroy()` when done with it. */
export function decodeHistogram(base64: string): Histogram {
  ensureWasm();
  return hdr.decodeFromCompressedBase64(base64, BIT_BUCKET_SIZE, true);
}

/** Merges histograms in the base64 interchange format into one, exactly (bucket counts are added). */
export function mergeHistograms(encoded: readonly string[]): string {
  const total = newHistogram();
  try {
    for (const base64 of encoded) {
      const part = decodeHistogram(base64);
      try {
        total.add(part);
      } finally {
        part.destroy();
      }
    }
    return encodeHistogram(total);
  } finally {
    total.destroy();
  }
}

/** Percentiles and moments of a histogram, in milliseconds (all zero when it is empty). */
export function latencyStats(histogram: Histogram): LatencyStats {
  const ms = (us: number) => us / 1000;
  const at = (percentile: number) => ms(histogram.getValueAtPercentile(percentile));
  const count = histogram.totalCount;
  return {
    count,
    min: count === 0 ? 0 : ms(histogram.minNonZeroValue),
    mean: count === 0 ? 0 : ms(histogram.mean),
    max: ms(histogram.maxValue),
    stddev: count === 0 ? 0 : ms(histogram.stdDeviation),
    percentiles: {
      p50: at(50),
      p75: at(75),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p99_9: at(99.9),
      p99_99: at(99.99),
    },
  };
}

/** Statistics of a histogram given in the base64 interchange format. */
export function latencyStatsOf(base64: string): LatencyStats {
  const histogram = decodeHistogram(base64);
  try {
    return latencyStats(histogram);
  } finally {
    histogram.destroy();
  }
}
