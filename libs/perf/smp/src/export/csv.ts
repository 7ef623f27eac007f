import type { LoadResult } from '@meshplane/perf-loadgen';

/**
 * CSV for spreadsheets. A cell that starts with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so that a URL or
 * label a user supplied is never run as a formula when the file is opened (CSV injection).
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csv(rows: (string | number | undefined)[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const SUMMARY_CSV_COLUMNS = [
  'url',
  'generator',
  'model',
  'protocol',
  'started_at',
  'duration_ms',
  'connections',
  'target_rate',
  'achieved_rate',
  'requests',
  'errors',
  'latency',
  'min_ms',
  'mean_ms',
  'p50_ms',
  'p75_ms',
  'p90_ms',
  'p95_ms',
  'p99_ms',
  'p99_9_ms',
  'p99_99_ms',
  'max_ms',
  'stddev_ms',
  'saturated',
  'partial',
] as const;

/** One row per result (corrected latency where there is one): the table `perf results --csv` writes. */
export function resultsToCsv(results: LoadResult[]): string {
  return csv([
    [...SUMMARY_CSV_COLUMNS],
    ...results.map((result) => {
      const latency = result.latency.corrected ?? result.latency.uncorrected;
      const p = latency.percentiles;
      return [
        result.url,
        result.generator,
        result.model,
        result.protocol,
        result.startedAt,
        result.durationMs,
        result.connections,
        result.targetRate,
        result.achievedRate,
        result.requests,
        result.errors,
        result.latency.corrected ? 'corrected' : 'uncorrected',
        latency.min,
        latency.mean,
        p.p50,
        p.p75,
        p.p90,
        p.p95,
        p.p99,
        p.p99_9,
        p.p99_99,
        latency.max,
        latency.stddev,
        result.generatorHealth.saturated ? 'true' : 'false',
        result.partial?.reason,
      ];
    }),
  ]);
}

/** The per-second series of one result. */
export function seriesToCsv(result: LoadResult): string {
  return csv([
    ['second', 'requests', 'errors', 'p50_ms', 'p99_ms', 'max_ms'],
    ...result.series.map((s) => [s.second, s.requests, s.errors, s.p50Ms, s.p99Ms, s.maxMs]),
  ]);
}
