import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { verifyInternalContext } from '@meshplane/auth';
import {
  CLUSTER_ENVIRONMENT_AUDIENCE,
  clusterEnvironmentRequest,
  type ClusterEnvironmentRequest,
  type ClusterEnvironmentResponse,
} from '@meshplane/contracts';
import { profilesFeature } from '@meshplane/perf-profiles';
import { defineBackendService } from '@meshplane/service-kit';
import {
  callerHeaders,
  startTestService,
  TEST_CONTEXT_SECRET,
  type TestCaller,
  type TestService,
} from '@meshplane/service-testing';
import { connectMessaging, type MessagingClient } from '@meshplane/messaging';
import { startLoadWorker } from '@meshplane/perf-distributed';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { decodeHistogram } from '@meshplane/perf-loadgen';
import { RESTARTED_MID_RUN, runsFeature } from '../index.js';

/** How many values a histogram in the base64 interchange format holds. */
function decodeCount(base64: string): number {
  const histogram = decodeHistogram(base64);
  try {
    return histogram.totalCount;
  } finally {
    histogram.destroy();
  }
}

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const MEMBER_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['member'] };
const VIEWER_A: TestCaller = { orgId: ORG_A, userId: randomUUID(), roles: ['viewer'] };
const MEMBER_B: TestCaller = { orgId: ORG_B, userId: randomUUID(), roles: ['member'] };
const MEMBER_C: TestCaller = { orgId: randomUUID(), userId: randomUUID(), roles: ['member'] };

const RUN_FIELDS = `id profileId profileName status idempotencyKey cancelRequested message startedAt finishedAt
  progress { phase elapsedMs plannedMs requests errors currentRate }`;
const START = `mutation($input: StartPerformanceRunInput!) { startPerformanceRun(input: $input) { ${RUN_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelPerformanceRun(id: $id) { ${RUN_FIELDS} } }`;
const GET = `query($id: ID!) { performanceRun(id: $id) { ${RUN_FIELDS}
  result { id requests errors achievedRate latency generatorHealth partial smp histogram
    latencyChart: chartSvg(kind: LATENCY) seriesChart: chartSvg(kind: TIME_SERIES)
    csv: export(format: CSV) fortio: export(format: FORTIO_JSON) } } }`;
const LIST = `query($filter: PerformanceRunFilter, $after: String) { performanceRuns(first: 2, filter: $filter, after: $after) {
  totalCount edges { node { id status } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_PROFILE = `mutation($input: PerformanceProfileInput!) { createPerformanceProfile(input: $input) { id } }`;

interface RunView {
  id: string;
  status: string;
  message: string | null;
  profileName: string;
  cancelRequested: boolean;
  progress: { phase: string; requests: number } | null;
  result?: {
    requests: number;
    errors: number;
    partial: string | null;
    smp: { performance_test_result?: { labels?: Record<string, string> } };
    histogram: string | null;
    latencyChart: string;
    seriesChart: string;
    csv: string;
    fortio: string;
  } | null;
}

let nats: NatsServer;
let svc: TestService;
let target: Server;
let targetUrl: string;
let toolsDir: string;

async function createProfile(overrides: Record<string, unknown> = {}, caller = MEMBER_A): Promise<string> {
  const result = await svc.graphql<{ createPerformanceProfile: { id: string } }>(
    CREATE_PROFILE,
    {
      input: {
        name: `p-${randomUUID()}`,
        endpoints: [targetUrl],
        durationMs: 1_000,
        loadModel: 'CLOSED',
        concurrency: 2,
        generator: 'MESHPLANE',
        protocol: 'HTTP1',
        method: 'GET',
        headers: {},
        workers: 1,
        labels: { team: 'payments' },
        ...overrides,
      },
    },
    caller,
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createPerformanceProfile.id;
}

async function start(profileId: string, key: string = randomUUID(), caller = MEMBER_A) {
  return svc.graphql<{ startPerformanceRun: RunView }>(
    START,
    { input: { profileId, idempotencyKey: key } },
    caller,
  );
}

async function get(id: string, caller = VIEWER_A) {
  return svc.graphql<{ performanceRun: RunView }>(GET, { id }, caller);
}

async function waitForStatus(id: string, status: string): Promise<RunView> {
  let last: unknown;
  await waitFor(
    async () => {
      const result = await get(id);
      last = result.data?.performanceRun ?? result.errors;
      return result.data?.performanceRun.status === status;
    },
    {
      description: `run ${id} ${status} (last: ${JSON.stringify(last)?.slice(0, 400)})`,
      timeoutMs: 30_000,
      intervalMs: 100,
    },
  );
  return (await get(id)).data?.performanceRun as RunView;
}

/**
 * A stand-in for wrk on PERF_GENERATOR_PATH (no external generator is installed on these machines): a shell script
 * that answers `-v` with wrk's banner, records its arguments and prints a real wrk report. It exercises everything
 * the service does around the tool: detection, the refusal of tools not found, the command, the parse, the result.
 */
async function standInWrk(dir: string): Promise<string> {
  const report = readFileSync(
    fileURLToPath(new URL('../../../smp/src/__tests__/samples/wrk-latency.txt', import.meta.url)),
    'utf8',
  );
  await writeFile(join(dir, 'report.txt'), report);
  await writeFile(
    join(dir, 'wrk'),
    [
      '#!/bin/sh',
      'if [ "$1" = "-v" ]; then echo "wrk 4.1.0 [epoll] Copyright (C) 2012 Will Glozer"; exit 1; fi',
      `echo "$@" > ${join(dir, 'args.txt')}`,
      '/bin/sleep 0.3',
      `/bin/cat ${join(dir, 'report.txt')}`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return dir;
}

beforeAll(async () => {
  toolsDir = await standInWrk(await mkdtemp(join(tmpdir(), 'meshplane-perf-tools-')));
  target = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
  nats = await startTestNats();
  const definition = defineBackendService({
    name: 'perf',
    version: '0.0.0',
    defaultPort: 0,
    features: [profilesFeature, runsFeature],
  });
  svc = await startTestService(definition, {
    natsUrl: nats.url,
    label: 'perf-runs',
    env: {
      PERF_RUN_POLL_MS: '100',
      PERF_RUN_LEASE_MS: '10000',
      PERF_RUN_THREADS: '1',
      PERF_RUN_CONCURRENCY: '2',
      PERF_MAX_ACTIVE_RUNS_PER_ORG: '3',
      PERF_GENERATOR_PATH: toolsDir,
      PERF_RESULT_ANNOUNCE_SWEEP_MS: '200',
    },
  });
});

afterAll(async () => {
  await svc?.close();
  await nats?.stop();
  await new Promise((resolve) => target?.close(resolve));
});

describe('performance runs over GraphQL', () => {
  it('runs a profile to SUCCEEDED with its progress followed live and an SMP result with charts and the histogram', async () => {
    const profileId = await createProfile();
    const started = await start(profileId);
    const run = started.data?.startPerformanceRun as RunView;
    expect(run).toMatchObject({ status: 'PENDING', cancelRequested: false });
    const live: RunView[] = [];
    const ws = createClient({
      url: svc.url.replace('http', 'ws'),
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: callerHeaders('perf', VIEWER_A) });
        }
      },
    });
    const followed = new Promise<void>((resolve, reject) => {
      ws.subscribe<{ performanceRunProgress: RunView }>(
        {
          query: `subscription($id: ID!) { performanceRunProgress(runId: $id) { ${RUN_FIELDS} } }`,
          variables: { id: run.id },
        },
        {
          next: (msg) => void (msg.data && live.push(msg.data.performanceRunProgress)),
          error: reject,
          complete: resolve,
        },
      );
    });

    const done = await waitForStatus(run.id, 'SUCCEEDED');
    await followed;
    await ws.dispose();

    expect(done.result?.requests).toBeGreaterThan(0);
    expect(done.result?.errors).toBe(0);
    expect(done.result?.partial).toBeNull();
    expect(done.result?.smp.performance_test_result?.labels).toMatchObject({
      team: 'payments',
      generator: 'meshplane',
    });
    expect(done.result?.histogram).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(done.result?.latencyChart).toMatch(/^<svg/);
    expect(done.result?.seriesChart).toMatch(/^<svg/);
    // Taken away as CSV (a header, one row with the request count) and as fortio's JSON.
    const [header, row, ...rest] = (done.result?.csv ?? '').trimEnd().split('\n');
    expect(rest).toEqual([]);
    const cells = Object.fromEntries(header?.split(',').map((name, i) => [name, row?.split(',')[i]]) ?? []);
    expect(Number(cells['requests'])).toBe(done.result?.requests);
    const fortio = JSON.parse(done.result?.fortio ?? '{}') as {
      RunType: string;
      Labels: string;
      DurationHistogram: { Count: number };
    };
    expect(fortio.RunType).toBe('HTTP');
    expect(fortio.DurationHistogram.Count).toBe(done.result?.requests);
    expect(fortio.Labels).toContain('team=payments');
    expect(live.at(-1)?.status).toBe('SUCCEEDED');
    expect(live.some((view) => view.status === 'RUNNING')).toBe(true);
  });

  it('returns the same run for the same idempotency key, and pages runs newest first with filters', async () => {
    const profileId = await createProfile({ durationMs: 200 });
    const key = randomUUID();
    const first = (await start(profileId, key)).data?.startPerformanceRun as RunView;
    const again = (await start(profileId, key)).data?.startPerformanceRun as RunView;
    expect(again.id).toBe(first.id);
    const second = (await start(profileId)).data?.startPerformanceRun as RunView;
    await waitForStatus(first.id, 'SUCCEEDED');
    await waitForStatus(second.id, 'SUCCEEDED');
    const page = await svc.graphql<{
      performanceRuns: { totalCount: number; edges: { node: { id: string } }[] };
    }>(LIST, { filter: { profileId } }, VIEWER_A);
    expect(page.data?.performanceRuns.totalCount).toBe(2);
    expect(page.data?.performanceRuns.edges.map((e) => e.node.id)).toEqual([second.id, first.id]);

    const compare = `query($b: ID!, $m: ID!) { comparePerformanceResults(baselineId: $b, meshedId: $m, value: { mtls: true }) {
      latency overhead meshMark meshMarkTerms warnings chartSvg } }`;
    const compared = await svc.graphql<{
      comparePerformanceResults: {
        latency: string;
        overhead: { percentiles: unknown[] };
        meshMark: number;
        chartSvg: string;
      };
    }>(compare, { b: first.id, m: second.id }, VIEWER_A);
    const comparison = compared.data?.comparePerformanceResults;
    expect(comparison?.latency).toBe('uncorrected');
    expect(comparison?.overhead.percentiles).toHaveLength(7);
    expect(comparison?.meshMark).toBeGreaterThanOrEqual(0);
    expect(comparison?.meshMark).toBeLessThanOrEqual(100);
    expect(comparison?.chartSvg).toMatch(/^<svg/);
    const foreign = await svc.graphql(compare, { b: first.id, m: second.id }, MEMBER_B);
    expect(foreign.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('splits a profile with workers 2 across the perf workers (the replica and another machine), merged exactly', async () => {
    const stop = new AbortController();
    const elsewhere: MessagingClient = await connectMessaging({ url: nats.url, name: 'another-perf-worker' });
    const shards: string[] = [];
    const worker = startLoadWorker({
      client: elsewhere,
      workerId: 'another-machine',
      signal: stop.signal,
      onShard: ({ status }) => shards.push(status),
    });
    try {
      const profileId = await createProfile({ workers: 2 });
      const run = (await start(profileId)).data?.startPerformanceRun as RunView;
      const done = await waitForStatus(run.id, 'SUCCEEDED');
      expect(done.result?.partial).toBeNull();
      expect(done.result?.requests).toBeGreaterThan(0);
      expect(shards).toEqual(['completed']);
    } finally {
      stop.abort();
      await worker.done.catch(() => undefined);
      await elsewhere.close();
    }
  });

  it('cancels a running run: the load stops and CANCELLED is recorded with what was measured', async () => {
    const profileId = await createProfile({ durationMs: 60_000 });
    const run = (await start(profileId)).data?.startPerformanceRun as RunView;
    await waitForStatus(run.id, 'RUNNING');
    const cancel = await svc.graphql<{ cancelPerformanceRun: RunView }>(CANCEL, { id: run.id }, MEMBER_A);
    expect(cancel.data?.cancelPerformanceRun.cancelRequested).toBe(true);
    const cancelled = await waitForStatus(run.id, 'CANCELLED');
    expect(cancelled.message).toMatch(/cancelled/);
  });

  it('records a run whose replica died (lease expired) FAILED and never runs it again', async () => {
    const profileId = await createProfile();
    const run = (await start(profileId, randomUUID())).data?.startPerformanceRun as RunView;
    await waitForStatus(run.id, 'SUCCEEDED');
    // A run another replica held when it died: RUNNING, its lease long past.
    const orphan = randomUUID();
    const admin = new pg.Client({ connectionString: svc.adminUrl });
    await admin.connect();
    try {
      await admin.query(
        `INSERT INTO perf.performance_runs (id, org_id, profile_id, profile, status, idempotency_key, requested_by,
           lease_owner, lease_until, created_at, started_at, updated_at)
         SELECT $1, org_id, profile_id, profile, 'RUNNING', $2, requested_by, 'dead-replica',
           now() - interval '1 minute', now(), now(), now() FROM perf.performance_runs WHERE id = $3`,
        [orphan, randomUUID(), run.id],
      );
    } finally {
      await admin.end();
    }
    const failed = await waitForStatus(orphan, 'FAILED');
    expect(failed.message).toBe(RESTARTED_MID_RUN);
    expect(failed.result).toBeNull();
  });

  it('announces every stored result once on PERF_RESULTS, and one stored just before a crash by the sweep', async () => {
    const client = await connectMessaging({ url: nats.url, name: 'perf-results-reader' });
    const announced = async (orgId: string, id: string) => {
      const message = await client.jsm.streams
        .getMessage('PERF_RESULTS', { last_by_subj: `perf.v1.results.${orgId}.${id}.recorded` })
        .catch(() => null);
      return message ? (message.json() as Record<string, unknown>) : null;
    };
    const admin = new pg.Client({ connectionString: svc.adminUrl });
    await admin.connect();
    try {
      const profileId = await createProfile({ durationMs: 200 });
      const run = (await start(profileId)).data?.startPerformanceRun as RunView;
      await waitForStatus(run.id, 'SUCCEEDED');
      await waitFor(async () => (await announced(ORG_A, run.id)) !== null, {
        description: 'the result announced',
        timeoutMs: 10_000,
      });
      const payload = await announced(ORG_A, run.id);
      expect(payload).toMatchObject({
        resultId: run.id,
        orgId: ORG_A,
        profileId,
        name: run.profileName,
        requestedBy: MEMBER_A.userId,
      });
      expect(payload?.['smp']).toHaveProperty('performance_test_result');
      // Announced under its org only: nothing on another org's subject, the row marked.
      expect(await announced(ORG_B, run.id)).toBeNull();
      const marked = await admin.query(`SELECT announced_at FROM perf.performance_results WHERE id = $1`, [
        run.id,
      ]);
      expect(marked.rows[0]?.announced_at).not.toBeNull();

      // A result stored by a replica that died before it announced it: the sweep announces it.
      const orphan = randomUUID();
      await admin.query(
        `INSERT INTO perf.performance_runs (id, org_id, profile_id, profile, status, idempotency_key, requested_by,
           created_at, started_at, finished_at, updated_at)
         SELECT $1, org_id, profile_id, profile, 'SUCCEEDED', $2, requested_by, now(), now(), now(), now()
           FROM perf.performance_runs WHERE id = $3`,
        [orphan, randomUUID(), run.id],
      );
      await admin.query(
        `INSERT INTO perf.performance_results (id, org_id, profile_id, result, smp, created_at, announced_at)
         SELECT $1, org_id, profile_id, result, smp, now(), NULL FROM perf.performance_results WHERE id = $2`,
        [orphan, run.id],
      );
      await waitFor(async () => (await announced(ORG_A, orphan)) !== null, {
        description: 'the orphaned result announced by the sweep',
        timeoutMs: 10_000,
      });
      await waitFor(
        async () =>
          (
            await admin.query(
              `SELECT 1 FROM perf.performance_results WHERE id = $1 AND announced_at IS NOT NULL`,
              [orphan],
            )
          ).rowCount === 1,
        { description: 'the orphaned result marked announced', timeoutMs: 10_000 },
      );
      // Announced once: a second sweep publishes nothing new for either.
      const before = (await client.jsm.streams.info('PERF_RESULTS')).state.messages;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await client.jsm.streams.info('PERF_RESULTS')).state.messages).toBe(before);
    } finally {
      await admin.end();
      await client.close();
    }
  });

  it("records the environment of the run's cluster as discovery describes it, asked of meshsync-ingest for its org", async () => {
    const CLUSTER = randomUUID();
    const retryKey = randomUUID();
    let retryProfile = '';
    let retryRunId = '';
    const bus = await connect({ servers: nats.url });
    const asked: { orgId?: string; clusterId: string }[] = [];
    // meshsync-ingest as far as perf can tell: verifies the context, describes org A's one cluster.
    const responder = bus.subscribe(clusterEnvironmentRequest.subject, {
      callback: (_error, msg) => {
        const request = msg.json<ClusterEnvironmentRequest>();
        const ctx = verifyInternalContext(request.context, TEST_CONTEXT_SECRET, {
          audience: CLUSTER_ENVIRONMENT_AUDIENCE,
          kind: 'service',
        });
        asked.push({ orgId: ctx.orgId, clusterId: request.clusterId });
        const answer: ClusterEnvironmentResponse =
          ctx.orgId === ORG_A && request.clusterId === CLUSTER
            ? {
                ok: true,
                environment: {
                  clusterId: CLUSTER,
                  name: 'perf-lab',
                  kubernetesVersion: 'v1.30.2',
                  nodeCount: 3,
                  meshes: [
                    {
                      meshId: 'istio',
                      name: 'Istio',
                      version: '1.23.0',
                      proxyCount: 4,
                      injectedNamespaces: ['shop'],
                    },
                  ],
                },
              }
            : { ok: false, code: 'NOT_FOUND', message: `Cluster ${request.clusterId} does not exist` };
        msg.respond(JSON.stringify(answer));
      },
    });
    await bus.flush();
    try {
      const profileId = await createProfile({ durationMs: 300 });
      const started = await svc.graphql<{
        startPerformanceRun: RunView & { environment: { clusterName: string; meshes: { meshId: string }[] } };
      }>(
        `mutation($input: StartPerformanceRunInput!) { startPerformanceRun(input: $input) {
          id environment { clusterId clusterName kubernetesVersion nodeCount meshes { meshId name version proxyCount } } } }`,
        { input: { profileId, idempotencyKey: retryKey, clusterId: CLUSTER } },
        MEMBER_A,
      );
      expect(started.errors).toBeUndefined();
      expect(started.data?.startPerformanceRun.environment).toEqual({
        clusterId: CLUSTER,
        clusterName: 'perf-lab',
        kubernetesVersion: 'v1.30.2',
        nodeCount: 3,
        meshes: [{ meshId: 'istio', name: 'Istio', version: '1.23.0', proxyCount: 4 }],
      });
      const done = await waitForStatus(started.data?.startPerformanceRun.id as string, 'SUCCEEDED');
      const smp = done.result?.smp as {
        performance_test_result: { labels: Record<string, string> };
        environment_config: { labels: Record<string, string> };
      };
      expect(smp.performance_test_result.labels).toMatchObject({
        cluster: 'perf-lab',
        mesh: 'istio',
        mesh_version: '1.23.0',
      });
      expect(smp.environment_config.labels).toMatchObject({ cluster: 'perf-lab', node_count: '3' });
      expect(asked).toEqual([{ orgId: ORG_A, clusterId: CLUSTER }]);
      retryProfile = profileId;
      retryRunId = done.id;

      // Org B naming org A's cluster is told it has none (as for a cluster that does not exist); nothing is stored.
      const elsewhere = await createProfile({}, MEMBER_B);
      const refused = await svc.graphql(
        START,
        { input: { profileId: elsewhere, idempotencyKey: 'b-env', clusterId: CLUSTER } },
        MEMBER_B,
      );
      expect(refused.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/input\.clusterId: no cluster/);
      expect(asked.at(-1)).toEqual({ orgId: ORG_B, clusterId: CLUSTER });
      const malformed = await svc.graphql(
        START,
        { input: { profileId, idempotencyKey: randomUUID(), clusterId: 'x' } },
        MEMBER_A,
      );
      expect(malformed.errors?.[0]?.message).toMatch(/input\.clusterId: must be a UUID/);
    } finally {
      responder.unsubscribe();
    }
    // A retry of a key that already has its run answers that run at once, discovery away or not.
    const retried = await svc.graphql<{ startPerformanceRun: { id: string } }>(
      START,
      { input: { profileId: retryProfile, idempotencyKey: retryKey, clusterId: CLUSTER } },
      MEMBER_A,
    );
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.startPerformanceRun.id).toBe(retryRunId);
    // Discovery away: UNAVAILABLE naming the field, nothing stored; a retry with the same key can succeed later.
    const profileId = await createProfile();
    const unanswered = await svc.graphql(
      START,
      { input: { profileId, idempotencyKey: 'env-down', clusterId: CLUSTER } },
      MEMBER_A,
    );
    expect(unanswered.errors?.[0]?.extensions?.['code']).toBe('UNAVAILABLE');
    expect(unanswered.errors?.[0]?.message).toMatch(/did not answer/);
    const page = await svc.graphql<{ performanceRuns: { totalCount: number } }>(
      LIST,
      { filter: { profileId } },
      VIEWER_A,
    );
    expect(page.data?.performanceRuns.totalCount).toBe(0);
    await bus.close();
  });

  it('runs a profile with an external generator found on PERF_GENERATOR_PATH, its report normalized into the result', async () => {
    const listed = await svc.graphql<{
      performanceGenerators: { name: string; found: boolean; version: string }[];
    }>(`{ performanceGenerators { name found version } }`, {}, VIEWER_A);
    expect(listed.data?.performanceGenerators).toEqual([
      { name: 'WRK', found: true, version: '4.1.0' },
      { name: 'WRK2', found: false, version: null },
      { name: 'FORTIO', found: false, version: null },
      { name: 'NIGHTHAWK', found: false, version: null },
    ]);
    const profileId = await createProfile({ generator: 'WRK', durationMs: 1_000, concurrency: 4 });
    const run = (await start(profileId)).data?.startPerformanceRun as RunView;
    const done = await waitForStatus(run.id, 'SUCCEEDED');
    expect(done.result?.requests).toBe(1124125);
    expect(done.result?.smp.performance_test_result?.labels).toMatchObject({
      generator: 'wrk',
      team: 'payments',
    });
    const args = readFileSync(join(toolsDir, 'args.txt'), 'utf8');
    expect(args).toContain(targetUrl);
    expect(args).toMatch(/--latency/);
  });

  it('spreads the load of a profile with two endpoints over both in one window, each part kept, merged exactly', async () => {
    const hits = [0, 0];
    const servers = [0, 1].map((i) =>
      createServer((_req, res) => {
        hits[i] = (hits[i] ?? 0) + 1;
        res.end(i === 0 ? 'a' : 'b');
      }),
    );
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))),
    );
    try {
      const urls = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const profileId = await createProfile({ endpoints: urls, durationMs: 1_000, concurrency: 4 });
      const run = (await start(profileId)).data?.startPerformanceRun as RunView;
      await waitForStatus(run.id, 'SUCCEEDED');
      const viewed = await svc.graphql<{
        performanceRun: {
          result: {
            requests: number;
            errors: number;
            histogram: string;
            endpoints: {
              url: string;
              requests: number;
              errors: number;
              statusCodes: Record<string, number>;
            }[];
          };
        };
      }>(
        `query($id: ID!) { performanceRun(id: $id) { result { requests errors histogram
          endpoints { url requests errors achievedRate latency statusCodes } } } }`,
        { id: run.id },
        VIEWER_A,
      );
      const result = viewed.data?.performanceRun.result;
      expect(result?.endpoints.map((e) => e.url)).toEqual(urls);
      expect(result?.errors).toBe(0);
      for (const endpoint of result?.endpoints ?? []) {
        expect(endpoint.requests).toBeGreaterThan(0);
        expect(endpoint.statusCodes).toEqual({ '200': endpoint.requests });
      }
      // The whole is exactly the sum of its parts: the merged histogram holds every request of both.
      expect(result?.requests).toBe((result?.endpoints ?? []).reduce((total, e) => total + e.requests, 0));
      expect(decodeCount(result?.histogram ?? '')).toBe(result?.requests);
      expect(Math.min(...hits)).toBeGreaterThan(0);
      // Not runnable: a share of less than one in-flight request per endpoint, or several workers.
      const thin = await start(await createProfile({ endpoints: urls, concurrency: 1 }));
      expect(thin.errors?.[0]?.message).toMatch(/2 endpoints need concurrency of at least 2/);
      const spread = await start(await createProfile({ endpoints: urls, workers: 2 }));
      expect(spread.errors?.[0]?.extensions?.['code']).toBe('NOT_RUNNABLE');
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it('refuses what cannot run, naming why, before anything is stored', async () => {
    const elsewhere = await createProfile({ endpoints: ['http://10.0.0.1/'] });
    const refused = await start(elsewhere);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('TARGET_REFUSED');
    expect(refused.errors?.[0]?.message).toMatch(/loopback only/);
    // An external generator not found on the perf hosts is refused, naming the ones that are.
    const fortio = await start(await createProfile({ generator: 'FORTIO' }));
    expect(fortio.errors?.[0]?.extensions?.['code']).toBe('NOT_RUNNABLE');
    expect(fortio.errors?.[0]?.message).toMatch(/fortio is not installed .*found: wrk 4\.1\.0/);
    const split = await start(await createProfile({ generator: 'WRK', workers: 2 }));
    expect(split.errors?.[0]?.message).toMatch(/runs on one perf worker/);
    const named = await start(await createProfile({ generator: 'WRK', endpoints: ['http://localhost:1/'] }));
    expect(named.errors?.[0]?.extensions?.['code']).toBe('TARGET_REFUSED');
    const badKey = await start(await createProfile(), '');
    expect(badKey.errors?.[0]?.message).toMatch(/input.idempotencyKey/);
    const page = await svc.graphql<{ performanceRuns: { totalCount: number } }>(
      LIST,
      { filter: { profileId: elsewhere } },
      VIEWER_A,
    );
    expect(page.data?.performanceRuns.totalCount).toBe(0);
  });

  it('keeps organizations apart and viewers read-only', async () => {
    const profileId = await createProfile({ durationMs: 200 });
    const run = (await start(profileId)).data?.startPerformanceRun as RunView;
    for (const result of [
      await get(run.id, MEMBER_B),
      await svc.graphql(CANCEL, { id: run.id }, MEMBER_B),
      await start(profileId, randomUUID(), MEMBER_B),
    ]) {
      expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    }
    expect((await start(profileId, randomUUID(), VIEWER_A)).errors?.[0]?.extensions?.['code']).toBe(
      'FORBIDDEN',
    );
    await waitForStatus(run.id, 'SUCCEEDED');
  });

  it("refuses a new run past the organization's active-run limit, but still answers a retry of an existing key", async () => {
    const profileId = await createProfile({ durationMs: 60_000 }, MEMBER_C);
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    const started: RunView[] = [];
    for (const key of keys)
      started.push((await start(profileId, key, MEMBER_C)).data?.startPerformanceRun as RunView);
    const refused = await start(profileId, randomUUID(), MEMBER_C);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('LIMIT_REACHED');
    const retried = await start(profileId, keys[0], MEMBER_C);
    expect(retried.data?.startPerformanceRun.id).toBe(started[0]?.id);
    for (const run of started) await svc.graphql(CANCEL, { id: run.id }, MEMBER_C);
    for (const run of started) {
      await waitFor(async () => (await get(run.id, MEMBER_C)).data?.performanceRun.status === 'CANCELLED', {
        description: `run ${run.id} cancelled`,
        timeoutMs: 30_000,
        intervalMs: 100,
      });
    }
  });
});
