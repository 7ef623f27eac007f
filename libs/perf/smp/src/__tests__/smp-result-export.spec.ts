import { describe, expect, it } from 'vitest';
import { buildSmpResult, csvCell, resultsToCsv, seriesToCsv, toFortioJson } from '../index.js';
import { latency, loadResult } from './load-result.fixture.js';

describe('SMP PerformanceTestResult', () => {
  it('carries the corrected latency, the rate and the environment the run was measured in', () => {
    const document = buildSmpResult(
      loadResult(),
      {
        clusterName: 'kind-a',
        kubernetesVersion: 'v1.31.2',
        nodeCount: 3,
        mesh: 'istio',
        meshVersion: '1.24.0',
        mtls: true,
      },
      { id: 'r-1', testId: 'p-1', labels: { tenant: 't' } },
    );
    const result = document.performance_test_result;
    expect(result).toMatchObject({
      id: 'r-1',
      testId: 'p-1',
      envId: 'r-1-env',
      meshConfigId: 'r-1-mesh',
      start_time: '2026-12-04T10:00:00.000Z',
      end_time: '2026-12-04T10:00:30.000Z',
      actual_QPS: 1000,
      latencies_ms: { min: 0.5, average: 1.1, p50: 1, p90: 2, p99: 4, max: 8 },
    });
    expect(result.labels).toMatchObject({
      tenant: 't',
      latency: 'corrected',
      mesh: 'istio',
      cluster: 'kind-a',
    });
    expect(document.environment_config).toMatchObject({ id: 'r-1-env', kubernetes_version: 'v1.31.2' });
    expect(document.environment_config.node).toHaveLength(3);
    expect(document.service_mesh_config).toMatchObject({
      mesh_type: 'istio',
      mesh_build: '1.24.0',
      mtls_enabled: true,
    });
  });

  it('uses the uncorrected latency of a closed-model run and marks a baseline without a mesh', () => {
    const closed = loadResult({ model: 'closed', latency: { uncorrected: latency(3, 5, 9) } });
    const document = buildSmpResult(
      closed,
      { clusterName: 'c', kubernetesVersion: 'v1.30.0', nodeCount: 1 },
      { id: 'b', testId: 'p' },
    );
    expect(document.performance_test_result.latencies_ms.p99).toBe(9);
    expect(document.performance_test_result.labels['latency']).toBe('uncorrected');
    expect(document.service_mesh_config.mesh_type).toBe('none');
  });
});

describe('fortio JSON export', () => {
  it('has fortio’s shape, in seconds, with buckets that add up to the count', () => {
    const fortio = toFortioJson(loadResult());
    expect(fortio).toMatchObject({
      RunType: 'HTTP',
      RequestedQPS: '1000',
      RequestedDuration: '30s',
      ActualQPS: 1000,
      ActualDuration: 30_000_000_000,
      NumThreads: 16,
      URL: 'http://127.0.0.1:8080/',
      RetCodes: { '200': 29_980, '503': 10, '-1': 20 },
    });
    const histogram = fortio.DurationHistogram;
    expect(histogram).toMatchObject({ Count: 1000, Min: 0.0005, Max: 0.008, Avg: 0.0011 });
    expect(histogram.Sum).toBeCloseTo(1.1);
    expect(histogram.Percentiles.find((p) => p.Percentile === 99)?.Value).toBe(0.004);
    expect(histogram.Data.reduce((sum, bucket) => sum + bucket.Count, 0)).toBe(1000);
    expect(histogram.Data.at(-1)).toMatchObject({ Percent: 100, End: 0.008 });
    expect(histogram.Data.map((bucket) => bucket.Percent)).toEqual([50, 75, 90, 95, 99, 99.9, 100]);
  });

  it('writes RequestedQPS "max" for the closed model', () => {
    expect(toFortioJson(loadResult({ model: 'closed', targetRate: undefined })).RequestedQPS).toBe('max');
  });
});

describe('CSV export', () => {
  it('writes one row per result with the header first', () => {
    const lines = resultsToCsv([
      loadResult(),
      loadResult({ url: 'http://127.0.0.1:9/', latency: { uncorrected: latency(2, 3, 4) } }),
    ])
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    const header = (lines[0] as string).split(',');
    const row = (lines[2] as string).split(',');
    expect(row[header.indexOf('url')]).toBe('http://127.0.0.1:9/');
    expect(row[header.indexOf('latency')]).toBe('uncorrected');
    expect(row[header.indexOf('p99_ms')]).toBe('4');
  });

  it('quotes separators and defuses formulas in user-supplied text', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes the per-second series', () => {
    expect(seriesToCsv(loadResult()).split('\r\n').slice(0, 2)).toEqual([
      'second,requests,errors,p50_ms,p99_ms,max_ms',
      '0,1000,1,1,4,6',
    ]);
  });
});
