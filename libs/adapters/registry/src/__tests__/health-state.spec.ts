import { describe, expect, it } from 'vitest';
import { backoffMs, nextHealth, type HealthState } from '../health/health-state.js';

const policy = { intervalMs: 30_000, initialMs: 1_000, maxMs: 10_000 };
const serving: HealthState = { health: 'SERVING', consecutiveFailures: 0, lastError: null };

describe('adapter health: backoff and transitions', () => {
  it('waits the interval while healthy, then doubles from the initial delay per failure up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((failures) => backoffMs(failures, policy))).toEqual([
      30_000, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000,
    ]);
  });

  it('goes UNREACHABLE with the error, counts failures, and announces only the change', () => {
    const first = nextHealth(serving, { kind: 'unreachable', error: 'connect ECONNREFUSED' }, policy);
    expect(first).toEqual({
      health: 'UNREACHABLE',
      consecutiveFailures: 1,
      lastError: 'connect ECONNREFUSED',
      nextCheckInMs: 1_000,
      changed: true,
    });
    const second = nextHealth(first, { kind: 'unreachable', error: 'connect ECONNREFUSED' }, policy);
    expect(second).toMatchObject({ consecutiveFailures: 2, nextCheckInMs: 2_000, changed: false });
  });

  it('backs off on NOT_SERVING too, and a serving answer resets everything', () => {
    const down = nextHealth(
      serving,
      { kind: 'not-serving', error: 'health check answered NOT_SERVING' },
      policy,
    );
    expect(down).toMatchObject({ health: 'NOT_SERVING', consecutiveFailures: 1, changed: true });
    const unreachable = nextHealth(down, { kind: 'unreachable', error: 'deadline' }, policy);
    expect(unreachable).toMatchObject({ health: 'UNREACHABLE', consecutiveFailures: 2, changed: true });
    expect(nextHealth(unreachable, { kind: 'serving' }, policy)).toEqual({
      health: 'SERVING',
      consecutiveFailures: 0,
      lastError: null,
      nextCheckInMs: 30_000,
      changed: true,
    });
  });

  it('treats the first answer after registration (UNKNOWN) as a change either way', () => {
    const unknown: HealthState = { health: 'UNKNOWN', consecutiveFailures: 0, lastError: null };
    expect(nextHealth(unknown, { kind: 'serving' }, policy).changed).toBe(true);
    expect(nextHealth(unknown, { kind: 'unreachable', error: 'x' }, policy).changed).toBe(true);
  });
});
