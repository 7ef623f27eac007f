import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../client/reconnect-backoff.js';

describe('reconnectDelayMs', () => {
  it('doubles per attempt between half and the full exponential value', () => {
    expect(reconnectDelayMs(0, 250, 10_000, () => 0)).toBe(125);
    expect(reconnectDelayMs(0, 250, 10_000, () => 1)).toBe(250);
    expect(reconnectDelayMs(3, 250, 10_000, () => 1)).toBe(2_000);
  });

  it('never exceeds the cap', () => {
    expect(reconnectDelayMs(50, 250, 10_000, () => 1)).toBe(10_000);
  });
});
