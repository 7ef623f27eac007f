// First: every connection of this process, and (through LOOPBACK_ONLY_NODE_ARGS) of its children, stays on loopback.
import '../loopback-only.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  resourceChangesEvent,
  syncMarkerEvent,
  type ResourceChange,
  type ResourceChanges,
  type ResourceKind,
} from '@meshplane/contracts';
import { copyFrom, roleUrl } from '@meshplane/database';
import { startKubeTestServer, type KubeObject, type KubeTestServer } from '@meshplane/k8s-testing';
import { startLocalInfra } from '@meshplane/local-infra';
import { connectMessaging, Publisher, type MessagingClient, type PublishResult } from '@meshplane/messaging';
import { benchMode, round } from '../bench-mode.js';
import { LOOPBACK_ONLY_NODE_ARGS } from '../loopback-only.js';
import { cpuByProcess, cpuSpent, type CpuSnapshot } from './cpu-by-process.js';
import { copyText } from './pg-copy.js';
import { samplePgActivity } from './pg-activity.js';
import { listPage, watch } from './kube-feed.js';
import { processEnv } from '@meshplane/config';

/**
 * Discovery ingest throughput against raw COPY of 50,000 rows into a table like `resources`, two ways:
 * - pipeline (end to end): list pages → JetStream → meshsync-ingest's inventory consumer → Postgres for an
 *   initial sync, and sustained watch events, with the bench listing, watching and publishing while the
 *   service ingests, all on the same cores;
 * - ingest (the service alone): the same messages published while the service is stopped, then drained by
 *   it from the stream (a service catching up after a restart, or a replica behind a fast producer).
 * The service runs as built (services/meshsync-ingest/dist). Discovery's own library is a type:feature
 * project the bench may not import, so list/watch are driven here over HTTP and published per the
 * DISCOVERY contract. A phase ends when the inventory consumer has acked (so committed) every message of
 * it, read from JetStream, then the rows are counted once: counting rows in a loop cost Postgres as much
 * CPU as a fifth of the ingest. Prints a table, then one JSON line, with the CPU each process group spent
 * per 1,000 rows in each phase (where the time goes).
 * `--smoke` / BENCH_SMOKE=1: 2,000 objects and 500 updates (the test command runs it; figures meaningless).
 * BENCH_SERVICE_NODE_ARGS: extra node flags for the service process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
 * (NODE_OPTIONS refuses --cpu-prof). `listPublishRowsPerSec` is how fast the bench itself listed and
 * published the sync while the service ingested it on the same cores: the pipeline cannot beat it.
 */
const { smoke } = benchMode();
const OBJECTS = smoke ? 2_000 : 50_000;
const WATCH_UPDATES = smoke ? 500 : 10_000;
/** How long the pipeline may take to commit what was sent before the run fails. */
const COMMIT_DEADLINE_MS = smoke ? 60_000 : 600_000;
const PAGE_SIZE = 500;
const WATCH_BATCH = 500;
const WATCH_FLUSH_MS = 20;
/** Updates published for the ingest watch phase: enough messages for a steady-state window (see measureDrain). */
const DRAIN_WATCH_UPDATES = OBJECTS;
const APP_ROLE = 'meshplane_meshsync_ingest_app';
const CONFIG_MAPS: ResourceKind = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
};

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const SERVICE_DIST = here('../../../services/meshsync-ingest/dist/');
const SERVICE_NODE_ARGS = (processEnv()['BENCH_SERVICE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);

/** BENCH_PG_ACTIVITY=1: print what the database's backends were doing in each phase (sampled every 10 ms). */
const PG_ACTIVITY = processEnv()['BENCH_PG_ACTIVITY'] === '1';

interface Phase {
  /** Rows (sync) or events (watch) per second. */
  perSec: number;
  /** CPU milliseconds per 1,000 rows, by process group. */
  cpuPer1000: CpuSnapshot;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshplane-discovery-bench-'));
  await chmod(dataDir, 0o755);
  const infra = await startLocalInfra({ dataDir, env: {}, persistent: false });
  const kube = await startKubeTestServer({ compactionWindow: OBJECTS * 3 });
  const admin = new pg.Client({ connectionString: infra.databaseUrl });
  const activity = PG_ACTIVITY ? new pg.Client({ connectionString: infra.databaseUrl }) : undefined;
  let service: ChildProcess | undefined;
  let client: MessagingClient | undefined;
  try {
    await admin.connect();
    await activity?.connect();
    const appPassword = randomBytes(18).toString('base64url');
    await runToCompletion(join(SERVICE_DIST, 'migrate.js'), {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_APP_PASSWORD: appPassword,
    });
    const serviceEnv = {
      ...processEnv(),
      DATABASE_URL: roleUrl(infra.databaseUrl, APP_ROLE, appPassword),
      NATS_URL: infra.natsUrl,
      INTERNAL_CONTEXT_SECRET: randomBytes(32).toString('hex'),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    service = startService(serviceEnv);
    client = await connectMessaging({ url: infra.natsUrl, name: 'discovery-bench' });
    await waitForConsumer(client);

    kube.bulkLoad(syntheticConfigMaps());
    // COPY before, between and after the phases; the median is the reference (load on a shared machine varies).
    const copyRuns = [await measureCopy(admin, kube)];
    const orgId = randomUUID();
    const pipelineCluster = randomUUID();
    const ingestCluster = randomUUID();
    // The inventory stores DISCOVERY messages only for a cluster of the message's organization.
    for (const clusterId of [pipelineCluster, ingestCluster]) await registerCluster(admin, orgId, clusterId);
    const feed: Feed = { kube, publisher: new Publisher(client), client, admin, activity, orgId };

    const sync = await measureInitialSync({ ...feed, clusterId: pipelineCluster }, service);
    const watch = await measureWatch({ ...feed, clusterId: pipelineCluster }, service);
    copyRuns.push(await measureCopy(admin, kube));

    // The service alone: stopped while the messages go into the stream, then timed draining them.
    await stopService(service);
    const ingestFeed = { ...feed, clusterId: ingestCluster };
    const restarted = (s: ChildProcess) => (service = s);
    const ingestSync = await measureDrain(ingestFeed, serviceEnv, publishSync, restarted, 'ingest sync');
    await stopService(service);
    const ingestWatch = await measureDrain(
      ingestFeed,
      serviceEnv,
      (f) => publishWatch(f, DRAIN_WATCH_UPDATES),
      restarted,
      'ingest watch',
    );
    copyRuns.push(await measureCopy(admin, kube));
    const copyRowsPerSec = median(copyRuns);

    const result = {
      bench: 'discovery',
      smoke,
      objects: OBJECTS,
      watchUpdates: WATCH_UPDATES,
      copyRowsPerSec: Math.round(copyRowsPerSec),
      copyRuns: copyRuns.map(Math.round),
      listPublishRowsPerSec: Math.round(sync.publishRowsPerSec),
      initialSyncRowsPerSec: Math.round(sync.perSec),
      watchEventsPerSec: Math.round(watch.perSec),
      ratio: round(Math.min(sync.perSec, watch.perSec) / copyRowsPerSec),
      ingestSyncRowsPerSec: Math.round(ingestSync.perSec),
      ingestWatchEventsPerSec: Math.round(ingestWatch.perSec),
      ingestRatio: round(Math.min(ingestSync.perSec, ingestWatch.perSec) / copyRowsPerSec),
      cpuMsPer1000Rows: {
        sync: sync.cpuPer1000,
        watch: watch.cpuPer1000,
        ingestSync: ingestSync.cpuPer1000,
        ingestWatch: ingestWatch.cpuPer1000,
      },
    };
    printTable(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    for (const [name, value] of Object.entries(result)) {
      if (typeof value === 'number' && !(Number.isFinite(value) && (value > 0 || !name.endsWith('PerSec'))))
        throw new Error(`discovery bench: ${name} is ${value}`);
    }
  } finally {
    await client?.close();
    if (service) await stopService(service);
    await admin.end();
    await activity?.end();
    await kube.stop();
    await infra.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function startService(env: Record<string, string | undefined>): ChildProcess {
  return spawn(
    process.execPath,
    [...LOOPBACK_ONLY_NODE_ARGS, ...SERVICE_NODE_ARGS, join(SERVICE_DIST, 'main.js')],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

async function stopService(service: ChildProcess): Promise<void> {
  if (service.exitCode !== null || service.signalCode !== null) return;
  const exited = once(service, 'exit');
  service.kill('SIGTERM');
  await exited;
}

async function registerCluster(admin: pg.Client, orgId: string, clusterId: string): Promise<void> {
  await admin.query(
    `INSERT INTO meshsync_ingest.clusters
       (id, org_id, kube_system_uid, name, version, node_count, status, first_seen, last_seen)
     VALUES ($1::uuid, $2::uuid, $1::text, 'bench', 'v1.30.0', 1, 'connected', now(), now())`,
    [clusterId, orgId],
  );
}

function syntheticConfigMaps(): KubeObject[] {
  return Array.from({ length: OBJECTS }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `cm-${i}`,
      namespace: `ns-${i % 50}`,
      labels: { app: `app-${i % 200}`, tier: i % 3 === 0 ? 'front' : 'back' },
      annotations: { 'bench/index': String(i) },
    },
    data: { 'config.yaml': `replicas: ${i % 7}\nimage: registry.example/app-${i % 200}:1.${i % 10}\n` },
  }));
}

/** (a) The ceiling: the same rows COPYed into a table with the same columns and indexes. */
async function measureCopy(admin: pg.Client, kube: KubeTestServer): Promise<number> {
  const objects = kube.list('v1', 'ConfigMap');
  const orgId = randomUUID();
  const clusterId = randomUUID();
  const lines = objects.map((o) =>
    [
      orgId,
      clusterId,
      o.metadata.uid ?? '',
      randomUUID(),
      '',
      'v1',
      'ConfigMap',
      o.metadata.namespace ?? '',
      o.metadata.name ?? '',
      o.metadata.resourceVersion ?? '',
      o.metadata.resourceVersion ?? null,
      JSON.stringify(o.metadata.labels ?? {}),
      JSON.stringify(o),
      'copy',
    ]
      .map((v) => copyText(v))
      .join('\t'),
  );
  const data = Buffer.from(`${lines.join('\n')}\n`);
  await admin.query('CREATE TABLE public.copy_bench (LIKE meshsync_ingest.resources INCLUDING ALL)');
  // LIKE copies columns and indexes but not storage parameters (fillfactor): copy those too.
  const { rows } = await admin.query<{ reloptions: string[] | null }>(
    `SELECT reloptions FROM pg_class WHERE oid = 'meshsync_ingest.resources'::regclass`,
  );
  const options = rows[0]?.reloptions ?? [];
  if (options.length > 0) await admin.query(`ALTER TABLE public.copy_bench SET (${options.join(', ')})`);
  const started = process.hrtime.bigint();
  await copyFrom(
    admin,
    `COPY public.copy_bench (org_id, cluster_id, uid, id, api_group, api_version, kind, namespace, name,
       resource_version, rv_num, labels, object, last_sync_id) FROM STDIN`,
    data,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await admin.query('DROP TABLE public.copy_bench');
  return objects.length / seconds;
}

interface Feed {
  kube: KubeTestServer;
  publisher: Publisher;
  client: MessagingClient;
  admin: pg.Client;
  /** Samples pg_stat_activity (BENCH_PG_ACTIVITY=1). */
  activity: pg.Client | undefined;
  orgId: string;
}

interface ClusterFeed extends Feed {
  clusterId: string;
}

interface PublishedMessage {
  seq: number;
  rows: number;
}

/** What a phase published: its change messages, the last one's stream sequence, and the rows it must leave. */
interface Published {
  messages: PublishedMessage[];
  lastSeq: number;
  rows: number;
  /** Counts the rows the phase leaves in the cluster: exactly `rows` once it is ingested. */
  check: { condition: string; values: unknown[] };
}

/** (b) List pages → JetStream → inventory consumer → Postgres, until every object is committed. */
async function measureInitialSync(
  feed: ClusterFeed,
  service: ChildProcess,
): Promise<Phase & { publishRowsPerSec: number }> {
  const measured = startProbe(feed, service, 'pipeline sync');
  const published = await publishSync(feed);
  const publishSeconds = secondsSince(measured.started);
  await ackedThrough(feed.client, published.lastSeq);
  const phase = await measured.stop(published.rows);
  await expectRows(feed, published);
  return { ...phase, publishRowsPerSec: published.rows / publishSeconds };
}

/** (c) Updates applied to the cluster → watch → coalesced batches → inventory, until all are committed. */
async function measureWatch(feed: ClusterFeed, service: ChildProcess): Promise<Phase> {
  let measured: Probe | undefined;
  const published = await publishWatch(feed, WATCH_UPDATES, () => {
    measured = startProbe(feed, service, 'pipeline watch');
  });
  await ackedThrough(feed.client, published.lastSeq);
  const phase = await (measured as Probe).stop(published.rows);
  await expectRows(feed, published);
  return phase;
}

/**
 * (d) The service alone: `publish` fills the stream while the service is stopped, then the service starts
 * and works through the backlog. Its rate is taken in steady state, between the acks of the messages at 10 %
 * and at 60 % of the backlog (the rows of the messages acked in between, over the time between): its start
 * (process, connections, JIT) before, the tail where fewer messages than it takes at once remain after.
 * A backlog of fewer than 20 messages (smoke) is timed whole, from the first delivery.
 */
async function measureDrain(
  feed: ClusterFeed,
  env: Record<string, string | undefined>,
  publish: (feed: ClusterFeed) => Promise<Published>,
  started: (service: ChildProcess) => void,
  label: string,
): Promise<Phase> {
  const published = await publish(feed);
  const before = await changesConsumer(feed.client);
  const service = startService(env);
  started(service);
  const messages = [...published.messages].sort((a, b) => a.seq - b.seq);
  const steady = messages.length >= 20;
  const from = steady
    ? await ackedThrough(feed.client, messages[Math.floor(messages.length * 0.1)]?.seq ?? 0)
    : await firstDelivery(feed.client, before.delivered.stream_seq);
  const measured = startProbe(feed, service, label);
  const to = steady
    ? await ackedThrough(feed.client, messages[Math.floor(messages.length * 0.6)]?.seq ?? 0)
    : await ackedThrough(feed.client, published.lastSeq);
  const rows = messages.filter((m) => m.seq > from && m.seq <= to).reduce((sum, m) => sum + m.rows, 0);
  const phase = await measured.stop(rows);
  await ackedThrough(feed.client, published.lastSeq);
  await expectRows(feed, published);
  return phase;
}

/** Lists every ConfigMap in pages and publishes each page as one change batch, then the completed marker. */
async function publishSync(feed: ClusterFeed): Promise<Published> {
  const { kube, publisher, orgId, clusterId } = feed;
  const syncId = `${Date.now()}-${randomUUID()}`;
  const pending: Promise<PublishedMessage>[] = [];
  let continueToken: string | undefined;
  let listRv = '';
  let count = 0;
  do {
    const page = await listPage(kube.url, kube.token, '/api/v1/configmaps', PAGE_SIZE, continueToken);
    listRv = page.resourceVersion;
    continueToken = page.continueToken;
    count += page.items.length;
    const payload = batch(
      orgId,
      clusterId,
      page.items.map((o) => change('upsert', o, syncId)),
    );
    pending.push(messageOf(publisher.publish(resourceChangesEvent, payload, { tenant: orgId }), payload));
  } while (continueToken);
  const messages = await Promise.all(pending);
  const listed = {
    messages,
    lastSeq: Math.max(...messages.map((m) => m.seq)),
    rows: count,
    check: { condition: 'last_sync_id = $2', values: [syncId] },
  };
  await publisher.publish(
    syncMarkerEvent,
    {
      orgId,
      clusterId,
      kind: CONFIG_MAPS,
      syncId,
      phase: 'completed',
      count,
      resourceVersion: listRv,
      at: new Date().toISOString(),
    },
    { tenant: orgId },
  );
  return listed;
}

let updateRound = 0;

/**
 * Updates WATCH_UPDATES ConfigMaps in the cluster and publishes the watch events in coalesced batches (up to
 * WATCH_BATCH events, or what arrived within WATCH_FLUSH_MS). `begin` runs once the watch is open, right
 * before the first update.
 */
async function publishWatch(
  feed: ClusterFeed,
  updates = WATCH_UPDATES,
  begin: () => void = () => undefined,
): Promise<Published> {
  const { kube, publisher, orgId, clusterId } = feed;
  const fromRv = kube.resourceVersion();
  const round = String(++updateRound);
  const abort = new AbortController();
  let pendingChanges: ResourceChange[] = [];
  const publishes: Promise<PublishedMessage>[] = [];
  const flush = () => {
    if (pendingChanges.length === 0) return;
    const payload = batch(orgId, clusterId, pendingChanges);
    publishes.push(messageOf(publisher.publish(resourceChangesEvent, payload, { tenant: orgId }), payload));
    pendingChanges = [];
  };
  const timer = setInterval(flush, WATCH_FLUSH_MS);
  const watching = (async () => {
    let received = 0;
    for await (const event of watch(kube.url, kube.token, '/api/v1/configmaps', fromRv, abort.signal)) {
      if (event.type === 'BOOKMARK' || event.type === 'ERROR') continue;
      pendingChanges.push(change(event.type === 'DELETED' ? 'delete' : 'upsert', event.object));
      if (++received === updates) break;
      if (pendingChanges.length >= WATCH_BATCH) flush();
    }
    flush();
  })();
  await sleep(200);
  begin();
  for (let i = 0; i < updates; i++) {
    kube.patch('v1', 'ConfigMap', `ns-${i % 50}`, `cm-${i}`, {
      metadata: { annotations: { 'bench/updated': round } },
    });
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  await watching;
  clearInterval(timer);
  abort.abort();
  const messages = await Promise.all(publishes);
  return {
    messages,
    lastSeq: Math.max(...messages.map((m) => m.seq)),
    rows: updates,
    check: { condition: 'rv_num > $2::bigint', values: [fromRv] },
  };
}

/**
 * Waits until the inventory's change consumer has acked (so committed) every message up to `seq`; answers
 * the stream sequence it has acked through by then (it may be past `seq`: acks come a group at a time).
 */
async function ackedThrough(client: MessagingClient, seq: number): Promise<number> {
  const deadline = Date.now() + COMMIT_DEADLINE_MS;
  for (;;) {
    const floor = (await changesConsumer(client)).ack_floor.stream_seq;
    if (floor >= seq) return floor;
    if (Date.now() > deadline) {
      throw new Error(`acked up to ${floor} of ${seq} after ${COMMIT_DEADLINE_MS / 1000} s`);
    }
    await sleep(10);
  }
}

/** Waits for the change consumer's first delivery past `deliveredSeq`; answers the ack floor then. */
async function firstDelivery(client: MessagingClient, deliveredSeq: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const info = await changesConsumer(client);
    if (info.delivered.stream_seq > deliveredSeq) return info.ack_floor.stream_seq;
    if (Date.now() > deadline) throw new Error('meshsync-ingest did not start consuming within 60 s');
    await sleep(5);
  }
}

function messageOf(ack: Promise<PublishResult>, payload: ResourceChanges): Promise<PublishedMessage> {
  return ack.then(({ seq }) => ({ seq, rows: payload.changes.length }));
}

type ConsumerInfo = Awaited<ReturnType<MessagingClient['jsm']['consumers']['info']>>;

function changesConsumer(client: MessagingClient): Promise<ConsumerInfo> {
  return client.jsm.consumers.info('DISCOVERY', 'inventory-resource-changes');
}

/** Once a phase is acked, its rows must all be there: a fast wrong answer is no result. */
async function expectRows(feed: ClusterFeed, published: Published): Promise<void> {
  const { rows } = await feed.admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM meshsync_ingest.resources WHERE cluster_id = $1 AND ${published.check.condition}`,
    [feed.clusterId, ...published.check.values],
  );
  if (rows[0]?.n !== published.rows) {
    throw new Error(`expected ${published.rows} rows once acked, found ${rows[0]?.n}`);
  }
}

interface Probe {
  started: bigint;
  /** The phase's rate and CPU per 1,000 rows; prints the database's activity when sampled. */
  stop(rows: number): Promise<Phase>;
}

/** Starts measuring a phase: wall clock, CPU by process group, and (BENCH_PG_ACTIVITY=1) database activity. */
function startProbe(feed: Feed, service: ChildProcess, label: string): Probe {
  const cpuBefore = cpuByProcess(service.pid);
  const sampling = feed.activity ? samplePgActivity(feed.activity, APP_ROLE) : undefined;
  const started = process.hrtime.bigint();
  return {
    started,
    stop: async (rows) => {
      const seconds = secondsSince(started);
      const cpu = cpuSpent(cpuBefore, cpuByProcess(service.pid));
      if (sampling) printActivity(label, await sampling());
      return { perSec: rows / seconds, cpuPer1000: per1000(cpu, rows) };
    },
  };
}

function printActivity(label: string, samples: Map<string, number>): void {
  const top = [...samples].sort((a, b) => b[1] - a[1]).slice(0, 12);
  const lines = top.map(([what, count]) => `${String(count).padStart(8)}  ${what}`);
  process.stdout.write(
    `${label}: database backends, samples every 10 ms (wait event | statement)\n${lines.join('\n')}\n\n`,
  );
}

function per1000(cpu: CpuSnapshot, rows: number): CpuSnapshot {
  const scale = (ms: number) => Math.round((ms * 1000) / rows);
  return {
    service: scale(cpu.service),
    postgres: scale(cpu.postgres),
    nats: scale(cpu.nats),
    bench: scale(cpu.bench),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function change(type: 'upsert' | 'delete', object: KubeObject, syncId?: string): ResourceChange {
  const { metadata } = object;
  return {
    type,
    uid: metadata.uid ?? '',
    name: metadata.name ?? '',
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    resourceVersion: metadata.resourceVersion ?? '0',
    ...(type === 'upsert' ? { object: object as Record<string, unknown> } : {}),
    ...(syncId ? { syncId } : {}),
  };
}

function batch(orgId: string, clusterId: string, changes: ResourceChange[]): ResourceChanges {
  return { orgId, clusterId, kind: CONFIG_MAPS, observedAt: new Date().toISOString(), changes };
}

async function waitForConsumer(client: MessagingClient): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const info = await client.jsm.consumers.info('DISCOVERY', 'inventory-resource-changes').catch(() => null);
    if (info && info.num_waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('meshsync-ingest did not start pulling from DISCOVERY within 60 s');
}

async function runToCompletion(script: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [...LOOPBACK_ONLY_NODE_ARGS, script], {
    env: { ...processEnv(), ...env },
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
}

function printTable(result: {
  copyRowsPerSec: number;
  listPublishRowsPerSec: number;
  initialSyncRowsPerSec: number;
  watchEventsPerSec: number;
  ratio: number;
  ingestSyncRowsPerSec: number;
  ingestWatchEventsPerSec: number;
  ingestRatio: number;
  cpuMsPer1000Rows: Record<string, CpuSnapshot>;
}): void {
  const row = (cells: (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(16) : String(c).padStart(10))).join('');
  const cpu = (phase: string) => {
    const c = result.cpuMsPer1000Rows[phase];
    return c ? [c.service, c.postgres, c.nats, c.bench] : [];
  };
  const lines = [
    `${OBJECTS} ConfigMaps listed in pages of ${PAGE_SIZE}; ${WATCH_UPDATES} watch updates`,
    `${''.padEnd(26)}${'CPU ms per 1,000 rows'.padStart(40)}`,
    row(['', 'per s', 'service', 'postgres', 'nats', 'bench']),
    row(['COPY (ceiling)', result.copyRowsPerSec]),
    row(['list+publish', result.listPublishRowsPerSec]),
    row(['pipeline sync', result.initialSyncRowsPerSec, ...cpu('sync')]),
    row(['pipeline watch', result.watchEventsPerSec, ...cpu('watch')]),
    row(['ingest sync', result.ingestSyncRowsPerSec, ...cpu('ingestSync')]),
    row(['ingest watch', result.ingestWatchEventsPerSec, ...cpu('ingestWatch')]),
    row(['pipeline ratio', result.ratio]),
    row(['ingest ratio', result.ingestRatio]),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
