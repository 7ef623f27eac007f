import type { DataSource } from 'typeorm';
import { withTenant } from '@meshplane/database';
import type { TickOutcome } from '../entities/schedule-tick.entity.js';
import type { ClaimedSchedule, ScheduleStore, TickResult } from '../scheduler.js';
import type { TickPlan } from '../tick-plan.js';

interface ClaimRow {
  org_id: string;
  id: string;
  profile_id: string;
  cron: string;
  timezone: string;
  next_tick_at: Date;
}

/**
 * The schedules in the perf schema. Claiming crosses tenants only through the definer function
 * `perf.claim_due_schedules`; everything else runs inside the schedule's own tenant (row-level security).
 */
export class PostgresScheduleStore implements ScheduleStore {
  constructor(private readonly dataSource: DataSource) {}

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedSchedule[]> {
    const rows = (await this.dataSource.query(
      'SELECT org_id, id, profile_id, cron, timezone, next_tick_at FROM perf.claim_due_schedules($1, $2, $3)',
      [now, Math.round(leaseMs), limit],
    )) as ClaimRow[];
    return rows.map((row) => ({
      orgId: row.org_id,
      id: row.id,
      profileId: row.profile_id,
      cron: row.cron,
      timezone: row.timezone,
      nextTickAt: row.next_tick_at,
    }));
  }

  beginTick(schedule: ClaimedSchedule, tickAt: Date, now: Date): Promise<TickOutcome | 'new'> {
    return withTenant(this.dataSource, schedule.orgId, async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO perf.performance_schedule_ticks (schedule_id, tick_at, org_id, outcome, recorded_at)
         VALUES ($1, $2, $3, 'firing', $4)
         ON CONFLICT (schedule_id, tick_at) DO NOTHING RETURNING outcome`,
        [schedule.id, tickAt, schedule.orgId, now],
      )) as unknown[];
      if (inserted.length > 0) return 'new';
      const [found] = (await manager.query(
        'SELECT outcome FROM perf.performance_schedule_ticks WHERE schedule_id = $1 AND tick_at = $2',
        [schedule.id, tickAt],
      )) as { outcome: TickOutcome }[];
      // Gone between the two statements only if the schedule was deleted: nothing to fire then.
      return found?.outcome ?? 'skipped';
    });
  }

  async finishTick(schedule: ClaimedSchedule, tickAt: Date, result: TickResult, now: Date): Promise<void> {
    await withTenant(this.dataSource, schedule.orgId, (manager) =>
      manager.query(
        `UPDATE perf.performance_schedule_ticks
            SET outcome = $3, run_id = $4, detail = $5, recorded_at = $6
          WHERE schedule_id = $1 AND tick_at = $2 AND outcome = 'firing'`,
        [
          schedule.id,
          tickAt,
          result.outcome,
          result.runId ?? null,
          result.detail?.slice(0, 1000) ?? null,
          now,
        ],
      ),
    );
  }

  async advance(schedule: ClaimedSchedule, plan: TickPlan, now: Date): Promise<void> {
    await withTenant(this.dataSource, schedule.orgId, async (manager) => {
      const moved = (await manager.query(
        `UPDATE perf.performance_schedules
            SET next_tick_at = $3, lease_until = NULL, last_tick_at = coalesce($4, last_tick_at),
                missed_ticks = missed_ticks + $5, updated_at = $6
          WHERE id = $1 AND next_tick_at = $2
          RETURNING id`,
        [schedule.id, schedule.nextTickAt, plan.next, plan.fire, plan.missedCount, now],
      )) as [unknown[], number] | unknown[];
      // Another replica (after this one's lease ran out) or an edit moved the schedule on: leave its state alone.
      if (rowsOf(moved).length === 0 || plan.missed.length === 0) return;
      await manager.query(
        `INSERT INTO perf.performance_schedule_ticks (schedule_id, tick_at, org_id, outcome, recorded_at)
         SELECT $1, tick, $2, 'missed', $3 FROM unnest($4::timestamptz[]) AS tick
         ON CONFLICT (schedule_id, tick_at) DO NOTHING`,
        [schedule.id, schedule.orgId, now, plan.missed],
      );
    });
  }
}

/** TypeORM answers an UPDATE … RETURNING as [rows, count] on Postgres. */
function rowsOf(result: [unknown[], number] | unknown[]): unknown[] {
  return Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
}
