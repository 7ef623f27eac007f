import type { CronSchedule } from './cron-schedule.js';

/**
 * At most this many passed ticks are walked one by one (croner takes ~0.3 ms a tick); past it, the missed count
 * is a lower bound and the plan jumps to the grace window before `now`.
 */
export const MAX_TICKS_WALKED = 1_000;

export interface TickPlanOptions {
  /** A tick this late (or less) still fires; older ones are missed. */
  graceMs: number;
  /** How many of the missed ticks (the latest) are recorded one by one; all are counted. */
  maxMissedRecorded: number;
}

export interface TickPlan {
  /** The tick to fire now (the latest due one, when within the grace), else null. */
  fire: Date | null;
  /** The latest missed ticks, oldest first, at most maxMissedRecorded. */
  missed: Date[];
  /** How many ticks were missed in all (a lower bound when `walkCapped`). */
  missedCount: number;
  walkCapped: boolean;
  /** The first tick after `now`: where the schedule goes next (null: never again). */
  next: Date | null;
}

/**
 * What a pass does with a schedule whose stored next tick `due` is at or before `now`: only the latest due tick
 * may fire (a backlog after downtime never turns into a burst of load tests), and only within the grace; every
 * other passed tick is missed.
 */
export function planTicks(schedule: CronSchedule, due: Date, now: Date, options: TickPlanOptions): TickPlan {
  const passed: Date[] = [];
  let missedCount = 0;
  let walkCapped = false;
  let tick: Date | null = due;
  let walked = 0;
  while (tick !== null && tick.getTime() <= now.getTime()) {
    if (walked === MAX_TICKS_WALKED) {
      walkCapped = true;
      break;
    }
    passed.push(tick);
    if (passed.length > options.maxMissedRecorded + 1) {
      passed.shift();
      missedCount += 1;
    }
    walked += 1;
    tick = schedule.nextAfter(tick);
  }
  if (walkCapped) {
    // Jump over the rest of the backlog: only the ticks inside the grace window can still fire.
    const walkedUpTo = passed.at(-1)?.getTime() ?? Number.NEGATIVE_INFINITY;
    const windowTicks: Date[] = [];
    let inWindow = schedule.nextAfter(new Date(Math.max(walkedUpTo, now.getTime() - options.graceMs - 1)));
    while (inWindow !== null && inWindow.getTime() <= now.getTime()) {
      windowTicks.push(inWindow);
      inWindow = schedule.nextAfter(inWindow);
    }
    const fire = windowTicks.at(-1) ?? null;
    const missed = [...passed, ...windowTicks.slice(0, -1)];
    return {
      fire,
      missed: missed.slice(-options.maxMissedRecorded),
      missedCount: missedCount + missed.length,
      walkCapped,
      next: inWindow,
    };
  }
  const latest = passed.at(-1);
  const fire = latest !== undefined && now.getTime() - latest.getTime() <= options.graceMs ? latest : null;
  const missed = fire === null ? passed : passed.slice(0, -1);
  return {
    fire,
    missed: missed.slice(-options.maxMissedRecorded),
    missedCount: missedCount + missed.length,
    walkCapped,
    next: tick,
  };
}
