import { parseCronSchedule } from './cron-schedule.js';
import type { TickOutcome } from './entities/schedule-tick.entity.js';
import { planTicks, type TickPlan } from './tick-plan.js';

/** A due schedule one replica holds (under a lease) for this pass. */
export interface ClaimedSchedule {
  orgId: string;
  id: string;
  profileId: string;
  cron: string;
  timezone: string;
  nextTickAt: Date;
}

/** Where schedules and their ticks are kept; `PostgresScheduleStore` is the one the service uses. */
export interface ScheduleStore {
  /** Claims up to `limit` enabled schedules whose next tick is due at `now` and whose lease has expired. */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedSchedule[]>;
  /** Records the tick as `firing` unless it is recorded already; answers `new` or the outcome found. */
  beginTick(schedule: ClaimedSchedule, tickAt: Date, now: Date): Promise<TickOutcome | 'new'>;
  /** Sets the tick's final outcome (from `firing`). */
  finishTick(schedule: ClaimedSchedule, tickAt: Date, result: TickResult, now: Date): Promise<void>;
  /**
   * Records the missed ticks, moves the schedule to `plan.next` and releases the lease, unless another replica
   * already moved it on (then nothing changes).
   */
  advance(schedule: ClaimedSchedule, plan: TickPlan, now: Date): Promise<void>;
}

export interface TickResult {
  outcome: Exclude<TickOutcome, 'firing' | 'missed'>;
  runId?: string;
  detail?: string;
}

export interface RunRequest {
  orgId: string;
  scheduleId: string;
  profileId: string;
  tickAt: Date;
  /** `<schedule id>@<tick ISO time>`: the same for every attempt at this tick. */
  idempotencyKey: string;
}

/** What the scheduler asks of the runs feature. */
export interface ScheduleHooks {
  /** Whether a run this schedule started earlier is still going (then the tick is skipped and recorded). */
  isRunActive(orgId: string, scheduleId: string): Promise<boolean>;
  /**
   * Starts a run and answers its id. Must be idempotent on `idempotencyKey`: a replica that died between starting
   * a run and recording it is followed by one that asks again with the same key, and must get the same run.
   */
  startRun(request: RunRequest): Promise<string>;
}

export interface SchedulerOptions {
  leaseMs: number;
  graceMs: number;
  maxMissedRecorded: number;
  batch: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  leaseMs: 60_000,
  graceMs: 5 * 60_000,
  maxMissedRecorded: 20,
  batch: 50,
};

export interface PassReport {
  claimed: number;
  started: number;
  skipped: number;
  failed: number;
  missed: number;
}

/**
 * One pass over the due schedules. Safe with any number of replicas: a schedule is held by one replica at a time
 * (lease, claimed with SKIP LOCKED), each (schedule, tick) is recorded once, and a start interrupted by a crash is
 * completed by the next replica under the same idempotency key, so a tick never starts two runs.
 */
export async function runSchedulePass(
  store: ScheduleStore,
  now: Date,
  hooks: ScheduleHooks,
  options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
): Promise<PassReport> {
  const report: PassReport = { claimed: 0, started: 0, skipped: 0, failed: 0, missed: 0 };
  const claimed = await store.claimDue(now, options.leaseMs, options.batch);
  report.claimed = claimed.length;
  for (const schedule of claimed) {
    let plan: TickPlan;
    try {
      plan = planTicks(parseCronSchedule(schedule, now), schedule.nextTickAt, now, options);
    } catch (error) {
      // Stored under older rules, say: the schedule stops, and its due tick says why.
      await fire(store, schedule, schedule.nextTickAt, now, async () => ({
        outcome: 'failed',
        detail: `the schedule is no longer valid: ${(error as Error).message}`,
      }));
      report.failed += 1;
      await store.advance(schedule, noMoreTicks(), now);
      continue;
    }
    if (plan.fire !== null) {
      const tickAt = plan.fire;
      const result = await fire(store, schedule, tickAt, now, async () => {
        if (await hooks.isRunActive(schedule.orgId, schedule.id)) {
          return { outcome: 'skipped', detail: 'the previous run of this schedule was still going' };
        }
        try {
          const runId = await hooks.startRun({
            orgId: schedule.orgId,
            scheduleId: schedule.id,
            profileId: schedule.profileId,
            tickAt,
            idempotencyKey: `${schedule.id}@${tickAt.toISOString()}`,
          });
          return { outcome: 'started', runId };
        } catch (error) {
          return { outcome: 'failed', detail: (error as Error).message };
        }
      });
      if (result !== undefined) report[result.outcome] += 1;
    }
    report.missed += plan.missedCount;
    await store.advance(schedule, plan, now);
  }
  return report;
}

/** Handles one tick once: `decide` runs only if the tick is new or was left `firing` by a replica that died. */
async function fire(
  store: ScheduleStore,
  schedule: ClaimedSchedule,
  tickAt: Date,
  now: Date,
  decide: () => Promise<TickResult>,
): Promise<TickResult | undefined> {
  const found = await store.beginTick(schedule, tickAt, now);
  if (found !== 'new' && found !== 'firing') return undefined;
  const result = await decide();
  await store.finishTick(schedule, tickAt, result, now);
  return result;
}

function noMoreTicks(): TickPlan {
  return { fire: null, missed: [], missedCount: 0, walkCapped: false, next: null };
}
