import { describe, expect, it } from 'vitest';
import { MAX_CRON_LENGTH, parseCronSchedule, ScheduleValidationError } from '../index.js';

const NOW = new Date('2026-12-04T20:00:00Z');

function refusal(cron: string, timezone?: string): { field: string; reason: string } {
  try {
    parseCronSchedule({ cron, ...(timezone === undefined ? {} : { timezone }) }, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleValidationError);
    const { field, reason } = error as ScheduleValidationError;
    return { field, reason };
  }
  throw new Error(`"${cron}" was accepted`);
}

describe('parseCronSchedule', () => {
  it('reads five fields in the given time zone, DST included', () => {
    const weekdays = parseCronSchedule({ cron: '0 9 * * MON-FRI', timezone: 'Europe/Berlin' }, NOW);
    // Friday 20:00 UTC → Monday 09:00 in Berlin (UTC+1 in winter).
    expect(weekdays.nextAfter(NOW)?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    const summer = parseCronSchedule({ cron: '0 9 * * *', timezone: 'Europe/Berlin' }, NOW);
    expect(summer.nextAfter(new Date('2027-07-01T00:00:00Z'))?.toISOString()).toBe(
      '2027-07-01T07:00:00.000Z',
    );
    expect(parseCronSchedule({ cron: '  */15   * * * * ' }, NOW)).toMatchObject({
      cron: '*/15 * * * *',
      timezone: 'UTC',
    });
  });

  it('ORs day-of-month and day-of-week when both are restricted, as crontab does', () => {
    const schedule = parseCronSchedule({ cron: '0 0 1 * MON' }, NOW);
    // The next Monday (Dec 7) comes before the 1st of January.
    expect(schedule.nextAfter(NOW)?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('refuses bad input, naming the field', () => {
    expect(refusal('')).toMatchObject({ field: 'cron', reason: 'is empty' });
    expect(refusal('* * * *').field).toBe('cron');
    expect(refusal('* * * * * *').reason).toMatch(/five fields/);
    expect(refusal('61 * * * *').field).toBe('cron');
    expect(refusal('0 0 * * *', 'Mars/Olympus_Mons')).toMatchObject({ field: 'timezone' });
    expect(refusal('x'.repeat(MAX_CRON_LENGTH + 1)).reason).toMatch(/longer than/);
  });

  it('refuses an expression that never fires', () => {
    expect(refusal('0 0 30 2 *')).toEqual({ field: 'cron', reason: 'never fires (no date matches it)' });
    expect(refusal('0 0 31 4 *').reason).toMatch(/never fires/);
  });

  it('accepts every minute but nothing more frequent', () => {
    expect(parseCronSchedule({ cron: '* * * * *' }, NOW).nextAfter(NOW)?.toISOString()).toBe(
      '2026-12-04T20:01:00.000Z',
    );
  });

  it('parses a long hostile expression quickly (croner has no backtracking regex)', () => {
    const started = performance.now();
    for (const cron of ['1,'.repeat(55) + '1 * * * *', '*/1-59 * * * *', '0-59/1,0-59/1 * * * *']) {
      try {
        parseCronSchedule({ cron }, NOW);
      } catch (error) {
        expect(error).toBeInstanceOf(ScheduleValidationError);
      }
    }
    // Not a timing test of the machine: a catastrophic pattern would take seconds to minutes, not this.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
