import { describe, expect, it } from 'vitest';
import {
  decodeHistogram,
  encodeHistogram,
  latencyStats,
  mergeHistograms,
  newHistogram,
  recordMs,
} from '../histogram.js';

function encodedOf(samplesMs: readonly number[]): string {
  const histogram = newHistogram();
  try {
    for (const ms of samplesMs) recordMs(histogram, ms);
    return encodeHistogram(histogram);
  } finally {
    histogram.destroy();
  }
}

function distributionOf(encoded: string): string {
  const histogram = decodeHistogram(encoded);
  try {
    return `${histogram.totalCount} ${histogram.minNonZeroValue} ${histogram.maxValue}\n${histogram.outputPercentileDistribution()}`;
  } finally {
    histogram.destroy();
  }
}

describe('mergeHistograms', () => {
  it('merges exactly: the merge of parts equals the histogram of all samples', () => {
    // A deterministic long-tailed sample set (LCG), from microseconds to seconds.
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const samples = Array.from({ length: 30_000 }, () => 0.05 * Math.exp(random() * 10));
    const parts = [samples.slice(0, 7_000), samples.slice(7_000, 19_000), samples.slice(19_000)];

    const merged = mergeHistograms(parts.map(encodedOf));
    expect(distributionOf(merged)).toBe(distributionOf(encodedOf(samples)));
    expect(distributionOf(merged)).toMatch(/^30000 /);
  });
});

describe('latencyStats', () => {
  it('reports percentiles and moments in milliseconds', () => {
    const histogram = newHistogram();
    try {
      for (let ms = 1; ms <= 100; ms++) recordMs(histogram, ms);
      const stats = latencyStats(histogram);
      expect(stats.count).toBe(100);
      expect(stats.min).toBeCloseTo(1, 2);
      expect(stats.max).toBeCloseTo(100, 0);
      expect(stats.mean).toBeCloseTo(50.5, 0);
      expect(stats.percentiles.p50).toBeCloseTo(50, 0);
      expect(stats.percentiles.p99).toBeCloseTo(99, 0);
      expect(stats.stddev).toBeGreaterThan(28);
      expect(stats.stddev).toBeLessThan(30);
    } finally {
      histogram.destroy();
    }
  });

  it('is all zeros for an empty histogram', () => {
    const histogram = newHistogram();
    expect(latencyStats(histogram)).toMatchObject({ count: 0, min: 0, mean: 0, max: 0, stddev: 0 });
    histogram.destroy();
  });
});
