import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { applyKeyset, withTenant } from '@meshplane/database';
import {
  checkName,
  decodeCursor,
  DomainError,
  encodeCursor,
  isUuid,
  NotFoundError,
  pageOf,
  pageSize,
  ValidationFailedError,
  type CursorShape,
} from '@meshplane/graphql';
import { ProfilesService } from '@meshplane/perf-profiles';
import { Clock } from '@meshplane/runtime';
import { parseCronSchedule } from '../cron-schedule.js';
import { PerformanceScheduleEntity } from '../entities/performance-schedule.entity.js';
import { ScheduleTickEntity } from '../entities/schedule-tick.entity.js';
import { ScheduleValidationError } from '../schedule-errors.js';
import type {
  PerformanceSchedule,
  PerformanceScheduleInput,
  PerformanceSchedulePage,
  PerformanceSchedulesArgs,
} from '../graphql/schedule.model.js';

const PAGE_CURSOR = {
  order: 'performanceSchedules:CREATED_AT:ASC',
  keys: ['timestamp', 'uuid'],
} as const satisfies CursorShape;
const TICKS_SHOWN = 50;
/** Schedules one organization may have: each may start a load test every minute. */
export const MAX_SCHEDULES_PER_ORG = 100;
const UNIQUE_VIOLATION = '23505';

/** Schedules of one organization: create (validated), enable/disable, delete, read with their latest ticks. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly profiles: ProfilesService,
    private readonly clock: Clock,
  ) {}

  private inTenant<T>(orgId: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  async create(orgId: string, userId: string, input: PerformanceScheduleInput): Promise<PerformanceSchedule> {
    const name = checkName(input.name, 'input.name');
    const now = this.clock.now();
    let schedule;
    try {
      schedule = parseCronSchedule(
        { cron: input.cron, ...(input.timezone ? { timezone: input.timezone } : {}) },
        now,
      );
    } catch (error) {
      if (error instanceof ScheduleValidationError)
        throw new ValidationFailedError(`input.${error.field}`, error.reason);
      throw error;
    }
    // The profile must be this organization's now; a run later refuses it again if it changed meanwhile.
    const profile = await this.profiles.get(orgId, input.profileId);
    const row = Object.assign(new PerformanceScheduleEntity(), {
      id: randomUUID(),
      orgId,
      name,
      profileId: profile.id,
      cron: schedule.cron,
      timezone: schedule.timezone,
      enabled: input.enabled ?? true,
      nextTickAt: schedule.nextAfter(now),
      leaseUntil: null,
      lastTickAt: null,
      missedTicks: 0,
      version: 1,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.inTenant(orgId, async (m) => {
        // Serialized per organization, so two concurrent creates cannot both pass the cap.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`perf-schedules:${orgId}`]);
        if ((await m.getRepository(PerformanceScheduleEntity).count()) >= MAX_SCHEDULES_PER_ORG)
          throw new DomainError(
            'LIMIT_REACHED',
            `the organization has ${MAX_SCHEDULES_PER_ORG} schedules, the most it may have: delete one first`,
          );
        await m.getRepository(PerformanceScheduleEntity).insert(row);
      });
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION)
        throw new DomainError(
          'NAME_TAKEN',
          `a schedule named "${name}" already exists in this organization`,
          {
            field: 'input.name',
          },
        );
      throw error;
    }
    return this.get(orgId, row.id);
  }

  /** Pauses or resumes; resuming starts from the next tick after now (nothing missed while paused fires). */
  async setEnabled(orgId: string, id: string, enabled: boolean): Promise<PerformanceSchedule> {
    const row = await this.row(orgId, id);
    const now = this.clock.now();
    const nextTickAt = enabled
      ? parseCronSchedule({ cron: row.cron, timezone: row.timezone }, now).nextAfter(now)
      : row.nextTickAt;
    await this.inTenant(orgId, (m) =>
      m
        .getRepository(PerformanceScheduleEntity)
        .update({ id }, { enabled, nextTickAt, updatedAt: now, version: row.version + 1 }),
    );
    return this.get(orgId, id);
  }

  async delete(orgId: string, id: string): Promise<string> {
    await this.row(orgId, id);
    await this.inTenant(orgId, (m) => m.getRepository(PerformanceScheduleEntity).delete({ id }));
    return id;
  }

  async get(orgId: string, id: string): Promise<PerformanceSchedule> {
    const row = await this.row(orgId, id);
    const ticks = await this.inTenant(orgId, (m) =>
      m
        .getRepository(ScheduleTickEntity)
        .find({ where: { scheduleId: id }, order: { tickAt: 'DESC' }, take: TICKS_SHOWN }),
    );
    return toModel(row, ticks);
  }

  async page(orgId: string, args: PerformanceSchedulesArgs): Promise<PerformanceSchedulePage> {
    const first = pageSize(args.first);
    const rows = await this.inTenant(orgId, (m) =>
      applyKeyset(m.getRepository(PerformanceScheduleEntity).createQueryBuilder('s'), {
        columns: [
          { sql: 's.createdAt', type: 'timestamptz' },
          { sql: 's.id', type: 'uuid' },
        ],
        direction: 'ASC',
        after: decodeCursor(args.after, PAGE_CURSOR),
      })
        .limit(first + 1)
        .getMany(),
    );
    const totalCount = await this.inTenant(orgId, (m) => m.getRepository(PerformanceScheduleEntity).count());
    const cursorOf = (row: PerformanceScheduleEntity) =>
      encodeCursor(PAGE_CURSOR, [row.createdAt.toISOString(), row.id]);
    return { ...pageOf(rows, first, cursorOf, (row) => toModel(row, [])), totalCount };
  }

  private async row(orgId: string, id: string): Promise<PerformanceScheduleEntity> {
    const row = isUuid(id)
      ? await this.inTenant(orgId, (m) => m.getRepository(PerformanceScheduleEntity).findOneBy({ id }))
      : null;
    if (!row) throw new NotFoundError(`performance schedule ${isUuid(id) ? id : '(malformed id)'}`);
    return row;
  }
}

function toModel(row: PerformanceScheduleEntity, ticks: ScheduleTickEntity[]): PerformanceSchedule {
  return {
    id: row.id,
    name: row.name,
    profileId: row.profileId,
    cron: row.cron,
    timezone: row.timezone,
    enabled: row.enabled,
    nextTickAt: row.nextTickAt,
    lastTickAt: row.lastTickAt,
    missedTicks: row.missedTicks,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    ticks: ticks.map((t) => ({
      tickAt: t.tickAt,
      outcome: t.outcome.toUpperCase() as Uppercase<typeof t.outcome>,
      runId: t.runId,
      detail: t.detail,
      recordedAt: t.recordedAt,
    })),
  };
}
