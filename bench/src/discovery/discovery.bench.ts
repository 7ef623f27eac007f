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
import { roleUrl } from '@meshplane/database';
import { startKubeTestServer, type KubeObject, type KubeTestServer } from '@meshplane/k8s-testing';
import { startLocalInfra } from '@meshplane/local-infra';
import { connectMessaging, Publisher, type MessagingClient } from '@meshplane/messaging';
import { benchMode, round } from '../bench-mode.js';
import { LOOPBACK_ONLY_NODE_ARGS } from '../loopback-only.js';
import { copyFrom, copyText } from './pg-copy.js';
import { listPage, watch } from './kube-feed.js';
import { processEnv } from '@meshplane/config';

/**
 * Discovery ingest throughput: raw COPY of 50,000 rows into a table like `resources`, versus the real
 * pipeline (list pages → JetStream → meshsync-ingest's inventory consumer → Postgres) for an initial
 * sync and for sustained watch events. The service runs as built (services/meshsync-ingest/dist).
 * Discovery's own library is a type:feature project the bench may not import, so list/watch are driven
 * here over HTTP and published per the DISCOVERY contract. Prints a table, then one JSON line.
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

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshplane-discovery-bench-'));
  await chmod(dataDir, 0o755);
  const infra = await startLocalInfra({ dataDir, env: {}, persistent: false });
  const kube = await startKubeTestServer({ compactionWindow: OBJECTS * 2 });
  const admin = new pg.Client({ connectionString: infra.databaseUrl });
  let service: ChildProcess | undefined;
  let client: MessagingClient | undefined;
  try {
    await admin.connect();
    const appPassword = randomBytes(18).toString('base64url');
    await runToCompletion(join(SERVICE_DIST, 'migrate.js'), {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_APP_PASSWORD: appPassword,
    });
    service = spawn(
      process.execPath,
      [...LOOPBACK_ONLY_NODE_ARGS, ...SERVICE_NODE_ARGS, join(SERVICE_DIST, 'main.js')],
      {
        env: {
          ...processEnv(),
          DATABASE_URL: roleUrl(infra.databaseUrl, APP_ROLE, appPassword),
          NATS_URL: infra.natsUrl,
          INTERNAL_CONTEXT_SECRET: randomBytes(32).toString('hex'),
          HOST: '127.0.0.1',
          PORT: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    client = await connectMessaging({ url: infra.natsUrl, name: 'discovery-bench' });
    await waitForConsumer(client);

    kube.bulkLoad(syntheticConfigMaps());
    const copyRowsPerSec = await measureCopy(admin, kube);
    const orgId = randomUUID();
    const clusterId = randomUUID();
    // The inventory stores DISCOVERY messages only for a cluster of the message's organization.
    await admin.query(
      `INSERT INTO meshsync_ingest.clusters
         (id, org_id, kube_system_uid, name, version, node_count, status, first_seen, last_seen)
       VALUES ($1::uuid, $2::uuid, $1::text, 'bench', 'v1.30.0', 1, 'connected', now(), now())`,
      [clusterId, orgId],
    );
    const publisher = new Publisher(client);
    const sync = await measureInitialSync(admin, kube, publisher, orgId, clusterId);
    const watchEventsPerSec = await measureWatch(admin, kube, publisher, orgId, clusterId, sync.listRv);

    const result = {
      bench: 'discovery',
      smoke,
      objects: OBJECTS,
      watchUpdates: WATCH_UPDATES,
      copyRowsPerSec: Math.round(copyRowsPerSec),
      listPublishRowsPerSec: Math.round(sync.publishRowsPerSec),
      initialSyncRowsPerSec: Math.round(sync.rowsPerSec),
      watchEventsPerSec: Math.round(watchEventsPerSec),
      ratio: round(Math.min(sync.rowsPerSec, watchEventsPerSec) / copyRowsPerSec),
    };
    printTable(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    for (const [name, value] of Object.entries(result)) {
      if (typeof value === 'number' && !(Number.isFinite(value) && (value > 0 || !name.endsWith('PerSec'))))
        throw new Error(`discovery bench: ${name} is ${value}`);
    }
  } finally {
    await client?.close();
    if (service && service.exitCode === null) {
      const exited = once(service, 'exit');
      service.kill('SIGTERM');
      await exited;
    }
    await admin.end();
    await kube.stop();
    await infra.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
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

/** (b) List pages → JetStream → inventory consumer → Postgres, until every object is committed. */
async function measureInitialSync(
  admin: pg.Client,
  kube: KubeTestServer,
  publisher: Publisher,
  orgId: string,
  clusterId: string,
): Promise<{ rowsPerSec: number; publishRowsPerSec: number; listRv: string }> {
  const syncId = `${Date.now()}-${randomUUID()}`;
  const started = process.hrtime.bigint();
  const pending: Promise<unknown>[] = [];
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
    pending.push(publisher.publish(resourceChangesEvent, payload, { tenant: orgId }));
  } while (continueToken);
  await Promise.all(pending);
  const published = Number(process.hrtime.bigint() - started) / 1e9;
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
  await waitForRows(admin, clusterId, 'last_sync_id = $2', [syncId], count);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rowsPerSec: count / seconds, publishRowsPerSec: count / published, listRv };
}

/** (c) Updates applied to the cluster → watch → coalesced batches → inventory, until all are committed. */
async function measureWatch(
  admin: pg.Client,
  kube: KubeTestServer,
  publisher: Publisher,
  orgId: string,
  clusterId: string,
  listRv: string,
): Promise<number> {
  const abort = new AbortController();
  let pendingChanges: ResourceChange[] = [];
  const publishes: Promise<unknown>[] = [];
  const flush = () => {
    if (pendingChanges.length === 0) return;
    publishes.push(
      publisher.publish(resourceChangesEvent, batch(orgId, clusterId, pendingChanges), { tenant: orgId }),
    );
    pendingChanges = [];
  };
  const timer = setInterval(flush, WATCH_FLUSH_MS);
  const watching = (async () => {
    for await (const event of watch(kube.url, kube.token, '/api/v1/configmaps', listRv, abort.signal)) {
      if (event.type === 'BOOKMARK' || event.type === 'ERROR') continue;
      pendingChanges.push(change(event.type === 'DELETED' ? 'delete' : 'upsert', event.object));
      if (pendingChanges.length >= WATCH_BATCH) flush();
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = process.hrtime.bigint();
  for (let i = 0; i < WATCH_UPDATES; i++) {
    kube.patch('v1', 'ConfigMap', `ns-${i % 50}`, `cm-${i}`, {
      metadata: { annotations: { 'bench/updated': 'yes' } },
    });
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  await waitForRows(admin, clusterId, 'rv_num > $2::bigint', [listRv], WATCH_UPDATES);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  abort.abort();
  await watching;
  await Promise.all(publishes);
  return WATCH_UPDATES / seconds;
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

async function waitForRows(
  admin: pg.Client,
  clusterId: string,
  condition: string,
  values: unknown[],
  expected: number,
): Promise<void> {
  const deadline = Date.now() + COMMIT_DEADLINE_MS;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM meshsync_ingest.resources WHERE cluster_id = $1 AND ${condition}`,
      [clusterId, ...values],
    );
    if ((rows[0]?.n ?? 0) >= expected) return;
    if (Date.now() > deadline)
      throw new Error(`only ${rows[0]?.n} of ${expected} rows after ${COMMIT_DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
}): void {
  const row = (cells: (string | number)[]) => cells.map((c) => String(c).padStart(22)).join('');
  const lines = [
    `${OBJECTS} ConfigMaps listed in pages of ${PAGE_SIZE}; ${WATCH_UPDATES} watch updates`,
    row(['', 'per second']),
    row(['COPY (ceiling) rows', result.copyRowsPerSec]),
    row(['list+publish rows', result.listPublishRowsPerSec]),
    row(['initial sync rows', result.initialSyncRowsPerSec]),
    row(['watch events', result.watchEventsPerSec]),
    row(['ratio (lower / COPY)', result.ratio]),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
