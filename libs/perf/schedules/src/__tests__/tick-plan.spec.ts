import { describe, expect, it } from 'vitest';
import { MAX_TICKS_WALKED, parseCronSchedule, planTicks } from '../index.js';

const hourly = parseCronSchedule({ cron: '0 * * * *' }, new Date('2026-01-01T00:00:00Z'));
const minutely = parseCronSchedule({ cron: '* * * * *' }, new Date('2026-01-01T00:00:00Z'));
const at = (iso: string) => new Date(iso);
const options = { graceMs: 5 * 60_000, maxMissedRecorded: 3 };

describe('planTicks', () => {
  it('fires the due tick and moves to the next one', () => {
    const plan = planTicks(hourly, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:00:02Z'), options);
    expect(plan).toEqual({
      fire: at('2026-01-01T10:00:00Z'),
      missed: [],
      missedCount: 0,
      walkCapped: false,
      next: at('2026-01-01T11:00:00Z'),
    });
  });

  it('after downtime fires only the latest tick (within the grace) and counts the others as missed', () => {
    const plan = planTicks(hourly, at('2026-01-01T01:00:00Z'), at('2026-01-01T10:01:00Z'), options);
    expect(plan.fire).toEqual(at('2026-01-01T10:00:00Z'));
    expect(plan.missedCount).toBe(9);
    expect(plan.missed).toEqual([
      at('2026-01-01T07:00:00Z'),
      at('2026-01-01T08:00:00Z'),
      at('2026-01-01T09:00:00Z'),
    ]);
    expect(plan.next).toEqual(at('2026-01-01T11:00:00Z'));
  });

  it('misses a tick later than the grace instead of firing it', () => {
    const plan = planTicks(hourly, at('2026-01-01T10:00:00Z'), at('2026-01-01T10:30:00Z'), options);
    expect(plan.fire).toBeNull();
    expect(plan.missed).toEqual([at('2026-01-01T10:00:00Z')]);
    expect(plan.missedCount).toBe(1);
  });

  it('stops walking a huge backlog, still fires the latest tick within the grace, and resumes after now', () => {
    const now = at('2026-03-01T00:00:30Z');
    const plan = planTicks(minutely, at('2026-01-01T00:00:00Z'), now, options);
    expect(plan.walkCapped).toBe(true);
    expect(plan.fire).toEqual(at('2026-03-01T00:00:00Z'));
    // The walked ticks and the four older ones of the five-minute grace window: a lower bound.
    expect(plan.missedCount).toBe(MAX_TICKS_WALKED + 4);
    expect(plan.missed).toEqual([
      at('2026-02-28T23:57:00Z'),
      at('2026-02-28T23:58:00Z'),
      at('2026-02-28T23:59:00Z'),
    ]);
    expect(plan.next).toEqual(at('2026-03-01T00:01:00Z'));
  });

  it('ends a schedule that never fires again', () => {
    const once = { cron: 'x', timezone: 'UTC', nextAfter: () => null };
    const plan = planTicks(once, at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:01Z'), options);
    expect(plan).toMatchObject({ fire: at('2026-01-01T00:00:00Z'), next: null });
  });
});
