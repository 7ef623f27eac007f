import { describe, expect, it } from 'vitest';
import { backoffFor, decideOnFailure, exceededDeliveries } from '../consume/failure-decision.js';
import { PermanentError } from '../consume/permanent.error.js';

const consumer = { maxDeliver: 5, backoffMs: [1_000, 5_000, 15_000] };

describe('backoffFor', () => {
  it('uses the n-th delay after the n-th failed delivery and repeats the last one', () => {
    expect([1, 2, 3, 4, 9].map((n) => backoffFor(consumer.backoffMs, n))).toEqual([
      1_000, 5_000, 15_000, 15_000, 15_000,
    ]);
  });
});

describe('decideOnFailure', () => {
  it('naks with backoff while deliveries remain', () => {
    expect(decideOnFailure(consumer, 1, new Error('db down'))).toEqual({ action: 'nak', delayMs: 1_000 });
    expect(decideOnFailure(consumer, 4, new Error('db down'))).toEqual({ action: 'nak', delayMs: 15_000 });
  });

  it('dead-letters when the last allowed delivery fails', () => {
    expect(decideOnFailure(consumer, 5, new Error('db down'))).toEqual({
      action: 'dead-letter',
      reason: 'max-deliveries',
    });
  });

  it('dead-letters a PermanentError on the first delivery', () => {
    expect(decideOnFailure(consumer, 1, new PermanentError('no such org'))).toEqual({
      action: 'dead-letter',
      reason: 'permanent-error',
    });
  });
});

describe('exceededDeliveries', () => {
  it('flags only deliveries beyond maxDeliver, which the handler never gets to see', () => {
    expect(exceededDeliveries(consumer, 5)).toBe(false);
    expect(exceededDeliveries(consumer, 6)).toBe(true);
  });
});
