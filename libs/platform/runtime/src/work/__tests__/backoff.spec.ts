import { describe, expect, it } from 'vitest';
import { exponentialBackoffMs } from '../backoff.js';

describe('exponentialBackoffMs', () => {
  it('doubles from the initial delay after each failure, up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => exponentialBackoffMs(n, 1_000, 30_000))).toEqual([
      1_000, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000,
    ]);
  });

  it('stays exact and capped for any number of failures', () => {
    expect(exponentialBackoffMs(1_000_000, 250, 60_000)).toBe(60_000);
    expect(exponentialBackoffMs(Number.MAX_SAFE_INTEGER, 1, 5)).toBe(5);
  });
});
