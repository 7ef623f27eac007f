/**
 * Exponential backoff: the delay after the n-th consecutive failure (n ≥ 1) is `initialMs` doubled n − 1 times,
 * never more than `maxMs`; n ≤ 0 counts as the first. Exact for any n (the exponent stops where any cap is passed).
 */
export function exponentialBackoffMs(failures: number, initialMs: number, maxMs: number): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(maxMs, initialMs * 2 ** exponent);
}
