import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  auditTenantIsolation,
  createServiceDataSource,
  pendingSchemaChanges,
  runMigrations,
  withTenant,
} from '@meshplane/database';
import { provisionService } from '@meshplane/service-kit';
import { freshDatabase, freshRoleName } from '@meshplane/testing';
import {
  PerformanceScheduleEntity,
  PostgresScheduleStore,
  runSchedulePass,
  SCHEDULES_MIGRATIONS,
  ScheduleTickEntity,
  type RunRequest,
  type ScheduleHooks,
  type SchedulerOptions,
} from '../index.js';

const ENTITIES = [PerformanceScheduleEntity, ScheduleTickEntity];
const OPTIONS: SchedulerOptions = { leaseMs: 30_000, graceMs: 5 * 60_000, maxMissedRecorded: 20, batch: 50 };
const at = (iso: string) => new Date(iso);

/** The runs feature as the scheduler sees it: idempotent on the key, as the hook's contract requires. */
function fakeRuns() {
  const runs = new Map<string, string>();
  const calls: RunRequest[] = [];
  const active = new Set<string>();
  const hooks: ScheduleHooks = {
    isRunActive: async (_orgId, scheduleId) => active.has(scheduleId),
    startRun: async (request) => {
      calls.push(request);
      const existing = runs.get(request.idempotencyKey);
      if (existing) return existing;
      const id = randomUUID();
      runs.set(request.idempotencyKey, id);
      return id;
    },
  };
  return { hooks, calls, runs, active };
}

describe('performance schedules in Postgres, two scheduler replicas', () => {
  let owner: DataSource;
  let replicas: DataSource[];
  const orgA = randomUUID();
  const orgB = randomUUID();

  beforeAll(async () => {
    const adminUrl = await freshDatabase('perf-schedules');
    const { ownerUrl, appUrl } = await provisionService(
      'perf',
      adminUrl,
      randomBytes(18).toString('base64url'),
      freshRoleName('s').slice(0, 24),
    );
    const options = { schema: 'perf', entities: ENTITIES, migrations: SCHEDULES_MIGRATIONS };
    owner = createServiceDataSource({ ...options, url: ownerUrl, applicationName: 'schedules-migrate' });
    await owner.initialize();
    await runMigrations(owner);
    replicas = [0, 1].map((i) =>
      createServiceDataSource({ ...options, url: appUrl, applicationName: `schedules-${i}` }),
    );
    await Promise.all(replicas.map((replica) => replica.initialize()));
  });

  // Each test's schedules stop with it, so that a later test's clock does not find them due.
  afterEach(async () => {
    await owner.query('UPDATE perf.performance_schedules SET enabled = false');
  });

  afterAll(async () => {
    await Promise.all([owner, ...(replicas ?? [])].map((ds) => ds?.destroy()));
  });

  async function createSchedule(orgId: string, cron: string, nextTickAt: Date): Promise<string> {
    const id = randomUUID();
    await withTenant(replicas[0] as DataSource, orgId, (manager) =>
      manager.getRepository(PerformanceScheduleEntity).insert({
        id,
        orgId,
        name: `s-${id}`,
        profileId: randomUUID(),
        cron,
        timezone: 'UTC',
        nextTickAt,
        createdBy: 'u-1',
        createdAt: nextTickAt,
        updatedAt: nextTickAt,
      }),
    );
    return id;
  }

  async function ticks(orgId: string, scheduleId: string) {
    return withTenant(replicas[1] as DataSource, orgId, (manager) =>
      manager.getRepository(ScheduleTickEntity).find({ where: { scheduleId }, order: { tickAt: 'ASC' } }),
    );
  }

  async function schedule(orgId: string, id: string) {
    return withTenant(replicas[1] as DataSource, orgId, (manager) =>
      manager.getRepository(PerformanceScheduleEntity).findOneByOrFail({ id }),
    );
  }

  const store = (replica: 0 | 1) => new PostgresScheduleStore(replicas[replica] as DataSource);

  it('migrates to exactly the entities, with every table under tenant isolation', async () => {
    expect((await pendingSchemaChanges(owner)).up).toEqual([]);
    expect(await auditTenantIsolation(replicas[0] as DataSource, { schemas: ['perf'] })).toEqual([]);
  });

  it('fires every tick once although both replicas run every pass at the same time', async () => {
    const runs = fakeRuns();
    const id = await createSchedule(orgA, '* * * * *', at('2030-01-01T10:00:00Z'));
    for (let minute = 0; minute < 5; minute += 1) {
      const now = new Date(Date.parse('2030-01-01T10:00:01Z') + minute * 60_000);
      await Promise.all(
        [store(0), store(1)].map((replica) => runSchedulePass(replica, now, runs.hooks, OPTIONS)),
      );
    }
    expect(runs.calls.filter((call) => call.scheduleId === id)).toHaveLength(5);
    expect(new Set(runs.calls.map((call) => call.idempotencyKey)).size).toBe(runs.calls.length);
    const recorded = await ticks(orgA, id);
    expect(recorded.map((tick) => [tick.tickAt.toISOString(), tick.outcome])).toEqual(
      [0, 1, 2, 3, 4].map((m) => [`2030-01-01T10:0${m}:00.000Z`, 'started']),
    );
    expect(recorded.map((tick) => tick.runId)).toEqual(
      [0, 1, 2, 3, 4].map((m) => runs.runs.get(`${id}@2030-01-01T10:0${m}:00.000Z`)),
    );
    expect(await schedule(orgA, id)).toMatchObject({
      nextTickAt: at('2030-01-01T10:05:00Z'),
      leaseUntil: null,
      lastTickAt: at('2030-01-01T10:04:00Z'),
      missedTicks: 0,
    });
  });

  it('skips and records a tick while the previous run is still going', async () => {
    const runs = fakeRuns();
    const id = await createSchedule(orgA, '0 * * * *', at('2030-01-02T10:00:00Z'));
    runs.active.add(id);
    await runSchedulePass(store(0), at('2030-01-02T10:00:05Z'), runs.hooks, OPTIONS);
    expect(runs.calls).toEqual([]);
    expect(await ticks(orgA, id)).toMatchObject([
      { outcome: 'skipped', detail: 'the previous run of this schedule was still going', runId: null },
    ]);
  });

  it('after downtime fires only the latest tick and records the missed ones', async () => {
    const runs = fakeRuns();
    const id = await createSchedule(orgB, '0 * * * *', at('2030-01-03T07:00:00Z'));
    const report = await runSchedulePass(store(0), at('2030-01-03T10:01:00Z'), runs.hooks, OPTIONS);
    expect(report).toMatchObject({ started: 1, missed: 3 });
    expect(
      (await ticks(orgB, id)).map((tick) => [tick.tickAt.toISOString().slice(11, 16), tick.outcome]),
    ).toEqual([
      ['07:00', 'missed'],
      ['08:00', 'missed'],
      ['09:00', 'missed'],
      ['10:00', 'started'],
    ]);
    expect(await schedule(orgB, id)).toMatchObject({
      missedTicks: 3,
      nextTickAt: at('2030-01-03T11:00:00Z'),
    });
  });

  it('completes a tick a crashed replica left firing, under the same idempotency key, once', async () => {
    const runs = fakeRuns();
    const id = await createSchedule(orgB, '0 * * * *', at('2030-01-04T10:00:00Z'));
    const [crashed, survivor] = [store(0), store(1)];
    // The first replica claims the schedule, records the tick as firing, starts the run, and dies.
    const claimed = (await crashed.claimDue(at('2030-01-04T10:00:01Z'), OPTIONS.leaseMs, 50)).find(
      (s) => s.id === id,
    );
    if (claimed === undefined) throw new Error('the schedule was not claimed');
    expect(await crashed.beginTick(claimed, claimed.nextTickAt, at('2030-01-04T10:00:01Z'))).toBe('new');
    const key = `${id}@2030-01-04T10:00:00.000Z`;
    const firstRun = await runs.hooks.startRun({
      ...claimed,
      scheduleId: id,
      tickAt: claimed.nextTickAt,
      idempotencyKey: key,
    });
    // Within the lease nobody else may take it.
    expect(
      (await survivor.claimDue(at('2030-01-04T10:00:20Z'), OPTIONS.leaseMs, 50)).map((s) => s.id),
    ).not.toContain(id);
    // After it, the survivor completes the tick: the same key, so the same run; never a second tick record.
    await runSchedulePass(survivor, at('2030-01-04T10:00:40Z'), runs.hooks, OPTIONS);
    expect(runs.calls.map((call) => call.idempotencyKey)).toEqual([key, key]);
    expect(await ticks(orgB, id)).toMatchObject([{ outcome: 'started', runId: firstRun }]);
    expect((await schedule(orgB, id)).nextTickAt).toEqual(at('2030-01-04T11:00:00Z'));
  });

  it("keeps each tenant's schedules and ticks to itself", async () => {
    const id = await createSchedule(orgA, '0 0 * * *', at('2030-02-01T00:00:00Z'));
    await runSchedulePass(store(0), at('2030-02-01T00:00:01Z'), fakeRuns().hooks, OPTIONS);
    expect(await ticks(orgA, id)).toHaveLength(1);
    expect(await ticks(orgB, id)).toEqual([]);
    const seenByB = await withTenant(replicas[0] as DataSource, orgB, (manager) =>
      manager.getRepository(PerformanceScheduleEntity).findBy({ id }),
    );
    expect(seenByB).toEqual([]);
    // Without a tenant, the application role sees no schedule at all.
    expect(await (replicas[0] as DataSource).query('SELECT id FROM perf.performance_schedules')).toEqual([]);
  });
});
