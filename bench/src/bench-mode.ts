import { processEnv } from '@meshplane/config';

/**
 * How a benchmark runs: full (the published figures) or smoke (`--smoke` or BENCH_SMOKE=1: a few seconds
 * at small sizes, run by `npm test` so a benchmark that can no longer produce its figures fails there).
 * A smoke run proves the machinery works; its figures are not measurements.
 */
export interface BenchMode {
  smoke: boolean;
}

export function benchMode(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = processEnv(),
): BenchMode {
  const unknown = argv.filter((arg) => arg !== '--smoke');
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')} (known: --smoke)`);
  return { smoke: argv.includes('--smoke') || env['BENCH_SMOKE'] === '1' };
}

/** Rounds to two decimals for printing. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
