import { describe, expect, it } from 'vitest';
import { compareResults, meshMark } from '../index.js';
import { latency, loadResult } from './load-result.fixture.js';

/** The worked example of README "Value-versus-overhead index". */
function workedExample() {
  const baseline = loadResult({
    model: 'closed',
    targetRate: undefined,
    requests: 30_000,
    errors: 30,
    achievedRate: 1000,
    latency: { uncorrected: latency(1, 2, 4) },
  });
  const meshed = loadResult({
    model: 'closed',
    targetRate: undefined,
    requests: 27_000,
    errors: 81,
    achievedRate: 900,
    latency: { uncorrected: latency(1.5, 2.6, 6) },
  });
  return compareResults(
    { result: baseline, resources: { cpuMillicores: 500 } },
    { result: meshed, resources: { cpuMillicores: 650 } },
  );
}

describe('comparison of a baseline and a meshed run', () => {
  it('gives the overhead per percentile, absolute and relative, and the rate, error and CPU changes', () => {
    const comparison = workedExample();
    expect(comparison.latency).toBe('uncorrected');
    const p99 = comparison.percentiles.find((p) => p.percentile === 'p99');
    expect(p99).toEqual({ percentile: 'p99', baseline: 4, meshed: 6, absolute: 2, relative: 0.5 });
    expect(comparison.percentiles.map((p) => p.percentile)).toEqual([
      'p50',
      'p75',
      'p90',
      'p95',
      'p99',
      'p99_9',
      'p99_99',
    ]);
    expect(comparison.rate).toEqual({ baseline: 1000, meshed: 900, absolute: -100, relative: -0.1 });
    expect(comparison.errorRate.baseline).toBeCloseTo(0.001);
    expect(comparison.errorRate.absolute).toBeCloseTo(0.002);
    expect(comparison.cpuMillicores?.relative).toBeCloseTo(0.3);
    expect(comparison.memoryMb).toBeUndefined();
    expect(comparison.warnings).toEqual([]);
  });

  it('compares corrected latency only when both runs have it, and says why a comparison may mislead', () => {
    const comparison = compareResults(
      { result: loadResult() },
      {
        result: loadResult({
          latency: { uncorrected: latency(2, 3, 5) },
          targetRate: 2000,
          generatorHealth: { saturated: true, lateStarts: 9, meanLagMs: 3, maxLagMs: 40 },
          partial: { reason: 'worker lost', workersLost: 1 },
        }),
      },
    );
    expect(comparison.latency).toBe('uncorrected');
    expect(comparison.percentiles[0]).toMatchObject({ baseline: 0.9, meshed: 2 });
    expect(comparison.warnings).toEqual([
      'the runs asked for different rates',
      'only one run has corrected latency: both are compared uncorrected',
      "the meshed run's generator was saturated",
      'the meshed run is partial: worker lost',
    ]);
  });
});

describe('value-versus-overhead index', () => {
  it('reproduces the README worked example: 54.5', () => {
    const mark = meshMark(workedExample(), { mtls: true, telemetry: true });
    expect(mark.terms.latency).toBeCloseTo(0.44);
    expect(mark.terms.rate).toBeCloseTo(0.1);
    expect(mark.terms.resources).toBeCloseTo(0.3);
    expect(mark.terms.errors).toBeCloseTo(0.2);
    expect(mark.overhead).toBeCloseTo(0.5);
    expect(mark.value).toBeCloseTo(0.6);
    expect(mark.index).toBe(54.5);
  });

  it('is 100 without overhead, 0 without value, and never rewards a faster mesh beyond 100', () => {
    const same = compareResults({ result: loadResult() }, { result: loadResult() });
    expect(meshMark(same).index).toBe(100);
    expect(meshMark(same, {}).index).toBe(0);
    const faster = compareResults(
      { result: loadResult() },
      { result: loadResult({ latency: { corrected: latency(0.5, 1, 2), uncorrected: latency(0.5, 1, 2) } }) },
    );
    expect(meshMark(faster).index).toBe(100);
  });
});
