import { Cron } from 'croner';
import { ScheduleValidationError } from './schedule-errors.js';

/** Longer expressions are not cron: refused before parsing. */
export const MAX_CRON_LENGTH = 120;
/** The shortest period a performance schedule may have: a load test every minute is already a lot. */
export const MIN_SCHEDULE_PERIOD_MS = 60_000;
/** How many upcoming ticks are inspected to find the shortest period of an expression. */
const PERIOD_SAMPLE = 50;

export interface CronScheduleInput {
  /** Five fields (minute hour day-of-month month day-of-week), as crontab(5) has them; no seconds field. */
  cron: string;
  /** IANA time zone the fields are read in (default UTC), e.g. `Europe/Berlin`; DST is handled by the zone. */
  timezone?: string;
}

/** A validated cron schedule: when it fires next, in absolute time. */
export interface CronSchedule {
  readonly cron: string;
  readonly timezone: string;
  /** The first tick strictly after `after`, or null when the expression never fires again. */
  nextAfter(after: Date): Date | null;
}

/**
 * Parses and checks a schedule (croner does the parsing). Refused, naming the field: anything but five fields,
 * an unknown time zone, an expression that never fires (`0 0 30 2 *`), and one that fires more often than
 * every MIN_SCHEDULE_PERIOD_MS.
 */
export function parseCronSchedule(input: CronScheduleInput, now: Date = new Date()): CronSchedule {
  const cron = input.cron.trim().replace(/\s+/g, ' ');
  const timezone = input.timezone?.trim() || 'UTC';
  if (cron.length === 0) throw new ScheduleValidationError('cron', 'is empty');
  if (cron.length > MAX_CRON_LENGTH) {
    throw new ScheduleValidationError('cron', `is longer than ${MAX_CRON_LENGTH} characters`);
  }
  if (cron.split(' ').length !== 5) {
    throw new ScheduleValidationError(
      'cron',
      'needs exactly five fields: minute hour day-of-month month day-of-week (no seconds field)',
    );
  }
  if (!isTimeZone(timezone)) {
    throw new ScheduleValidationError('timezone', `"${timezone.slice(0, 64)}" is not an IANA time zone`);
  }
  let pattern: Cron;
  try {
    // legacyMode: day-of-month and day-of-week are OR-ed when both are restricted, as crontab(5) does.
    pattern = new Cron(cron, { paused: true, timezone, legacyMode: true });
  } catch (error) {
    throw new ScheduleValidationError('cron', (error as Error).message.replace(/^CronPattern: /, ''));
  }
  const upcoming = pattern.nextRuns(PERIOD_SAMPLE, now);
  if (upcoming.length === 0) throw new ScheduleValidationError('cron', 'never fires (no date matches it)');
  for (let i = 1; i < upcoming.length; i += 1) {
    const gap = (upcoming[i]?.getTime() ?? 0) - (upcoming[i - 1]?.getTime() ?? 0);
    if (gap < MIN_SCHEDULE_PERIOD_MS) {
      throw new ScheduleValidationError(
        'cron',
        `fires more often than every ${MIN_SCHEDULE_PERIOD_MS / 1000} s`,
      );
    }
  }
  return {
    cron,
    timezone,
    nextAfter: (after) => pattern.nextRun(after),
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
