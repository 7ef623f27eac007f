import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profilesFeature } from '@meshplane/perf-profiles';
import { runsFeature } from '@meshplane/perf-runs';
import { ManualClock } from '@meshplane/runtime';
import { defineBackendService } from '@meshplane/service-kit';
import { startTestService, type TestCaller, type TestService } from '@meshplane/service-testing';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { schedulesFeature } from '../index.js';

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const MEMBER_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['member'] };
const VIEWER_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['viewer'] };
const MEMBER_B: TestCaller = { orgId: ORG_B, userId: randomUUID(), roles: ['member'] };

const FIELDS =
  'id name cron timezone enabled nextTickAt lastTickAt missedTicks ticks { tickAt outcome runId detail }';
const CREATE = `mutation($input: PerformanceScheduleInput!) { createPerformanceSchedule(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { performanceSchedule(id: $id) { ${FIELDS} } }`;
const ENABLE = `mutation($id: ID!, $on: Boolean!) { setPerformanceScheduleEnabled(id: $id, enabled: $on) { ${FIELDS} } }`;

interface Schedule {
  id: string;
  enabled: boolean;
  nextTickAt: string | null;
  ticks: { tickAt: string; outcome: string; runId: string | null; detail: string | null }[];
}

// 30 s before a minute boundary: the first tick of `* * * * *` is 00:01:00.
const clock = new ManualClock(Date.parse('2030-01-01T00:00:30Z'));
let nats: NatsServer;
let svc: TestService;
let target: Server;
let profileId: string;

const schedule = async (id: string, caller = VIEWER_A) =>
  (await svc.graphql<{ performanceSchedule: Schedule }>(GET, { id }, caller)).data?.performanceSchedule;

beforeAll(async () => {
  target = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  nats = await startTestNats();
  const definition = defineBackendService({
    name: 'perf',
    version: '0.0.0',
    defaultPort: 0,
    features: [profilesFeature, runsFeature, schedulesFeature],
  });
  svc = await startTestService(definition, {
    natsUrl: nats.url,
    label: 'perf-schedules-service',
    clock,
    env: {
      PERF_SCHEDULE_POLL_MS: '100',
      PERF_RUN_POLL_MS: '100',
      // Business time jumps a minute at a time here: a lease in business time must outlive the jumps.
      PERF_RUN_LEASE_MS: '600000',
      PERF_RUN_THREADS: '1',
      PERF_WORKER_ENABLED: 'false',
    },
  });
  const created = await svc.graphql<{ createPerformanceProfile: { id: string } }>(
    `mutation($input: PerformanceProfileInput!) { createPerformanceProfile(input: $input) { id } }`,
    {
      input: {
        name: 'nightly',
        endpoints: [`http://127.0.0.1:${(target.address() as AddressInfo).port}/`],
        durationMs: 120_000,
        loadModel: 'CLOSED',
        concurrency: 1,
        generator: 'MESHPLANE',
        protocol: 'HTTP1',
        method: 'GET',
        headers: {},
        workers: 1,
        labels: {},
      },
    },
    MEMBER_A,
  );
  profileId = created.data?.createPerformanceProfile.id as string;
});

afterAll(async () => {
  await svc?.close();
  await nats?.stop();
  await new Promise((resolve) => target?.close(resolve));
});

describe('performance schedules in the perf service', () => {
  it('starts a run at a tick, and skips (recording it) the next tick while that run still goes', async () => {
    const created = await svc.graphql<{ createPerformanceSchedule: Schedule }>(
      CREATE,
      { input: { name: 'every minute', profileId, cron: '* * * * *' } },
      MEMBER_A,
    );
    const id = created.data?.createPerformanceSchedule.id as string;
    expect(created.data?.createPerformanceSchedule.nextTickAt).toBe('2030-01-01T00:01:00.000Z');

    clock.advance(31_000);
    await waitFor(async () => (await schedule(id))?.ticks[0]?.outcome === 'STARTED', {
      description: 'the first tick started a run',
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    const runId = (await schedule(id))?.ticks[0]?.runId as string;
    const run = `query($id: ID!) { performanceRun(id: $id) { id status requestedBy } }`;
    await waitFor(
      async () =>
        (await svc.graphql<{ performanceRun: { status: string } }>(run, { id: runId }, VIEWER_A)).data
          ?.performanceRun.status === 'RUNNING',
      { description: 'the scheduled run running', timeoutMs: 20_000, intervalMs: 100 },
    );

    clock.advance(60_000);
    await waitFor(async () => (await schedule(id))?.ticks[0]?.outcome === 'SKIPPED', {
      description: 'the second tick skipped',
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    const ticks = (await schedule(id))?.ticks ?? [];
    expect(ticks.map((t) => [t.tickAt, t.outcome])).toEqual([
      ['2030-01-01T00:02:00.000Z', 'SKIPPED'],
      ['2030-01-01T00:01:00.000Z', 'STARTED'],
    ]);
    expect(ticks[0]?.detail).toMatch(/still going/);

    const paused = await svc.graphql<{ setPerformanceScheduleEnabled: Schedule }>(
      ENABLE,
      { id, on: false },
      MEMBER_A,
    );
    expect(paused.data?.setPerformanceScheduleEnabled.enabled).toBe(false);
    await svc.graphql(`mutation($id: ID!) { cancelPerformanceRun(id: $id) { id } }`, { id: runId }, MEMBER_A);
    await waitFor(
      async () =>
        (await svc.graphql<{ performanceRun: { status: string } }>(run, { id: runId }, VIEWER_A)).data
          ?.performanceRun.status === 'CANCELLED',
      { description: 'the scheduled run cancelled', timeoutMs: 20_000, intervalMs: 100 },
    );
  });

  it('refuses, naming the field, an expression that never fires, an unknown zone and a duplicate name', async () => {
    const create = (input: Record<string, unknown>, caller = MEMBER_A) =>
      svc.graphql(
        CREATE,
        { input: { name: `s-${randomUUID()}`, profileId, cron: '0 3 * * *', ...input } },
        caller,
      );
    const never = await create({ cron: '0 0 30 2 *' });
    expect(never.errors?.[0]?.extensions?.['field']).toBe('input.cron');
    const zone = await create({ timezone: 'Mars/Olympus_Mons' });
    expect(zone.errors?.[0]?.extensions?.['field']).toBe('input.timezone');
    await create({ name: 'twice' });
    expect((await create({ name: 'twice' })).errors?.[0]?.extensions?.['code']).toBe('NAME_TAKEN');
  });

  it('keeps organizations apart and viewers read-only', async () => {
    const mine = await svc.graphql<{ createPerformanceSchedule: Schedule }>(
      CREATE,
      { input: { name: 'private', profileId, cron: '0 4 * * *' } },
      MEMBER_A,
    );
    const id = mine.data?.createPerformanceSchedule.id as string;
    expect((await svc.graphql(GET, { id }, MEMBER_B)).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect((await svc.graphql(ENABLE, { id, on: false }, MEMBER_B)).errors?.[0]?.extensions?.['code']).toBe(
      'NOT_FOUND',
    );
    // Another organization's profile is not found either, so no schedule can start runs of it.
    const foreign = await svc.graphql(
      CREATE,
      { input: { name: 'theirs', profileId, cron: '0 4 * * *' } },
      MEMBER_B,
    );
    expect(foreign.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const viewer = await svc.graphql(
      CREATE,
      { input: { name: 'v', profileId, cron: '0 4 * * *' } },
      VIEWER_A,
    );
    expect(viewer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('refuses a schedule past the most one organization may have', async () => {
    const admin = new pg.Client({ connectionString: svc.adminUrl });
    await admin.connect();
    try {
      await admin.query(
        `INSERT INTO perf.performance_schedules (id, org_id, name, profile_id, cron, timezone, enabled, next_tick_at,
           missed_ticks, version, created_by, created_at, updated_at)
         SELECT gen_random_uuid(), $1, 'filler ' || n, $2, '0 4 * * *', 'UTC', false, NULL, 0, 1, 'test', now(), now()
           FROM generate_series(1, 100 - (SELECT count(*) FROM perf.performance_schedules WHERE org_id = $1)) AS n`,
        [ORG_A, profileId],
      );
    } finally {
      await admin.end();
    }
    const over = await svc.graphql(
      CREATE,
      { input: { name: 'one too many', profileId, cron: '0 5 * * *' } },
      MEMBER_A,
    );
    expect(over.errors?.[0]?.extensions?.['code']).toBe('LIMIT_REACHED');
  });
});
