import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ClusterDirectory } from '@meshplane/meshsync-connections';
import { InventoryWriter, isNewerSync } from '@meshplane/meshsync-inventory';
import { startKubeTestServer, type KubeTestServer } from '@meshplane/k8s-testing';
import { MessagingClient } from '@meshplane/messaging';
import { Clock } from '@meshplane/runtime';
import { defineBackendService, loadFeatureConfig } from '@meshplane/service-kit';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { startTestService, type TestService } from '@meshplane/service-testing';
import type { DiscoveryConfig } from '../config/discovery.config.js';
import { createDiscoveryRuntime } from '../discovery.factory.js';
import { discoveryFeature } from '../discovery.feature.js';
import { DiscoveryRuntime } from '../leases/discovery.runtime.js';
import { DiscoveryEventsCollector } from './discovery-events.collector.js';

const CONNECTIONS_ENV = {
  KUBE_SERVER_ALLOW_CIDRS: '127.0.0.0/8',
  KUBE_SERVER_ALLOW_INSECURE_HTTP: 'true',
  CREDENTIALS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  CONNECTION_PING_INTERVAL_MS: '600000',
};
const DISCOVERY_ENV = {
  DISCOVERY_LEASE_TTL_MS: '2000',
  DISCOVERY_LEASE_RENEW_MS: '400',
  // Generous: on a loaded 2-core machine a discovery request that times out marks its group unavailable and the
  // new kind waits for the retry.
  DISCOVERY_REQUEST_TIMEOUT_MS: '5000',
  DISCOVERY_BACKOFF_MAX_MS: '1000',
  // The test servers send a bookmark every 300 ms, so a watch silent for 5 s is dead: reopened from its last
  // resourceVersion, as production does after 90 s. A fresh check once saw the ConfigMap watch deliver nothing, not
  // even bookmarks, and raise no error for the whole 30 s of "publishes watch changes as they happen".
  DISCOVERY_WATCH_IDLE_TIMEOUT_MS: '5000',
};
const CONFIG_MAPS = 1_200;

/**
 * Waits for what the events show. The limits are for a loaded 2-core machine (the test command runs the integration
 * layer beside the end-to-end tests); a condition that holds returns at once. On timeout the cluster's sync status is
 * appended: it says which kinds run and whether discovery failed.
 */
let syncStatus: () => unknown = () => undefined;
const until = async (
  description: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
) => {
  try {
    await waitFor(predicate, { description, timeoutMs, intervalMs: 50 });
  } catch (error) {
    const status = JSON.stringify(syncStatus() ?? null);
    throw new Error(`${(error as Error).message}; cluster sync status: ${status.slice(0, 4000)}`, {
      cause: error,
    });
  }
};

/** Discovery with the features it requires: connections, and the inventory (SYNCED once it committed a list). */
const definition = defineBackendService({
  name: 'meshsync-ingest',
  version: '0.0.0',
  defaultPort: 0,
  features: [discoveryFeature],
});

const orgId = randomUUID();
const otherOrg = randomUUID();
const member = { orgId, userId: randomUUID(), roles: ['member'] };

describe('discovery against a Kubernetes API test server, Postgres and JetStream', () => {
  let nats: NatsServer;
  let kube: KubeTestServer;
  let svc: TestService;
  let events: DiscoveryEventsCollector;
  let clusterId: string;

  beforeAll(async () => {
    nats = await startTestNats();
    kube = await startKubeTestServer({ bookmarkIntervalMs: 300 });
    kube.bulkLoad([
      ...Array.from({ length: CONFIG_MAPS }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm-${i}`, namespace: 'bulk' },
        data: { i: String(i) },
      })),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db', namespace: 'bulk' },
        data: { password: Buffer.from('hunter2').toString('base64') },
      },
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'ev', namespace: 'bulk' },
        involvedObject: { kind: 'Pod', name: 'p' },
      },
    ]);
    svc = await startTestService(definition, {
      natsUrl: nats.url,
      label: 'discovery',
      env: { ...CONNECTIONS_ENV, ...DISCOVERY_ENV },
    });
    events = await DiscoveryEventsCollector.start(nats.url);
    const service = svc.app.get(ClusterDirectory);
    await importCluster(svc, kube, orgId);
    const connected = await service.connectedClusters();
    expect(connected).toHaveLength(1);
    clusterId = connected[0]?.clusterId ?? '';
    syncStatus = () => svc.app.get(DiscoveryRuntime).localStatus(clusterId);
  }, 30_000);

  afterAll(async () => {
    await events?.stop();
    await svc?.close();
    await kube?.stop();
    await nats?.stop();
  });

  it('publishes every object exactly once per initial sync, closed by a completed marker with the count', async () => {
    await until('the first ConfigMap sync to complete', () => events.completed('ConfigMap').length >= 1);
    const completed = first(events.completed('ConfigMap'));
    const synced = events.changesOf('ConfigMap').filter((c) => c.syncId === completed.syncId);
    const expected = kube.list('v1', 'ConfigMap').map((o) => o.metadata.uid);
    expect(completed.count).toBe(expected.length);
    expect(expected.length).toBeGreaterThanOrEqual(CONFIG_MAPS);
    expect(synced.map((c) => c.uid).sort()).toEqual([...expected].sort());
    expect(new Set(synced.map((c) => c.uid)).size).toBe(synced.length);
    const started = events.markers.find(
      (m) => m.payload.syncId === completed.syncId && m.payload.phase === 'started',
    );
    expect(started).toBeDefined();
    expect(events.changes.every((c) => c.tenant === orgId && c.payload.orgId === orgId)).toBe(true);
    expect(events.changes.every((c) => c.payload.clusterId === clusterId)).toBe(true);
  });

  it('syncs the built-in kinds the server serves, redacts Secret values and leaves Events out', async () => {
    await until(
      'Secret and Deployment syncs',
      () => events.completed('Secret').length >= 1 && events.completed('Deployment').length >= 1,
    );
    const secret = events.changesOf('Secret').find((c) => c.name === 'db');
    expect(secret?.object).toMatchObject({ kind: 'Secret', data: { password: null } });
    expect(JSON.stringify(events.changes.map((c) => c.payload))).not.toContain(
      Buffer.from('hunter2').toString('base64'),
    );
    expect(events.markers.some((m) => m.payload.kind.kind === 'Event')).toBe(false);
    const kinds = new Set(events.markers.map((m) => `${m.payload.kind.group}/${m.payload.kind.kind}`));
    for (const k of ['/Pod', '/Namespace', 'apps/Deployment', 'rbac.authorization.k8s.io/ClusterRole'])
      expect(kinds).toContain(k);
  });

  it('publishes watch changes as they happen, outside any sync', async () => {
    await until('the first ConfigMap sync', () => events.completed('ConfigMap').length >= 1);
    kube.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'live', namespace: 'bulk' } });
    kube.patch('v1', 'ConfigMap', 'bulk', 'live', { data: { a: '1' } }, 'merge');
    const gone = kube.delete('v1', 'ConfigMap', 'bulk', 'cm-0');
    await until(
      'the live ConfigMap upsert and the cm-0 delete',
      () =>
        events.changesOf('ConfigMap').some((c) => c.type === 'delete' && c.uid === gone.metadata.uid) &&
        events
          .changesOf('ConfigMap')
          .some(
            (c) =>
              c.name === 'live' &&
              c.type === 'upsert' &&
              !c.syncId &&
              (c.object?.data as Record<string, string> | undefined)?.a === '1',
          ),
    );
  });

  it('picks up a kind defined by a new CRD without a restart, and drops it with the CRD', async () => {
    kube.create(widgetCrd());
    kube.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'bulk' },
    });
    await until('the Widget sync', () => events.completed('Widget').length >= 1);
    expect(events.changesOf('Widget').map((c) => c.name)).toContain('w1');
    kube.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w2', namespace: 'bulk' },
    });
    await until('the w2 watch event', () =>
      events.changesOf('Widget').some((c) => c.name === 'w2' && !c.syncId),
    );
    const runtime = svc.app.get(DiscoveryRuntime);
    kube.delete('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, 'widgets.example.com');
    await until(
      'the Widget watcher to stop',
      () => !runtime.localStatus(clusterId)?.kinds.some((k) => k.kind.kind === 'Widget'),
    );
  });

  it('relists (new syncId, both markers) when resuming a watch answers 410 Gone', async () => {
    const before = events.completed('ConfigMap').length;
    for (let i = 0; i < 3; i++)
      kube.create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `s${i}`, namespace: 'bulk' },
        spec: { ports: [{ port: 80 }] },
      });
    kube.compact(0);
    kube.dropWatches({ abrupt: true });
    await until('a ConfigMap relist', () => events.completed('ConfigMap').length > before);
    const latest = first(events.completed('ConfigMap').reverse());
    expect(new Set(events.completed('ConfigMap').map((m) => m.syncId)).size).toBe(before + 1);
    expect(latest.count).toBe(kube.list('v1', 'ConfigMap').length);
  });

  it('reports the sync state through clusterSyncStatus and relists everything on resyncCluster', async () => {
    // SYNCED needs the inventory to have committed every kind's latest list (1,200 ConfigMaps relisted by the test
    // before): on a loaded machine that can take a while; a timeout shows what the API last answered.
    let answered: unknown;
    await until(
      'the cluster to be synced',
      async () => {
        const r = await svc.graphql<{ clusterSyncStatus: { phase: string } | null }>(
          STATUS,
          { clusterId },
          member,
        );
        answered = r.data?.clusterSyncStatus ?? r.errors;
        return r.data?.clusterSyncStatus?.phase === 'SYNCED';
      },
      90_000,
    ).catch((error: unknown) => {
      throw new Error(
        `${(error as Error).message}; clusterSyncStatus answered: ${JSON.stringify(answered)}`,
        {
          cause: error,
        },
      );
    });
    const status = await svc.graphql<{
      clusterSyncStatus: Record<string, unknown> & { kinds: { kind: string; synced: boolean }[] };
    }>(STATUS, { clusterId }, member);
    expect(status.data?.clusterSyncStatus).toMatchObject({ clusterId, active: true, phase: 'SYNCED' });
    expect(status.data?.clusterSyncStatus.kindsSynced).toBe(status.data?.clusterSyncStatus.kindsTotal);
    expect(status.data?.clusterSyncStatus.kinds.map((k) => k.kind)).toContain('ConfigMap');

    const before = events.completed('Deployment').length;
    const configMapSyncs = events.completed('ConfigMap').length;
    const resync = await svc.graphql<{ resyncCluster: boolean }>(RESYNC, { clusterId }, member);
    expect(resync.data?.resyncCluster).toBe(true);
    await until('a Deployment relist', () => events.completed('Deployment').length > before);
    // Nothing changed since the previous list: the same pages again, which must not be taken for duplicates.
    await until('a ConfigMap relist', () => events.completed('ConfigMap').length > configMapSyncs);
    const relisted = first(events.completed('ConfigMap').reverse());
    const delivered = events.changesOf('ConfigMap').filter((c) => c.syncId === relisted.syncId);
    expect(delivered).toHaveLength(relisted.count ?? -1);
    expect(relisted.syncId).toMatch(/^[0-9]{13}-/);
  }, 180_000);

  it('keeps other organizations and viewers out of a cluster', async () => {
    const foreign = await svc.graphql(RESYNC, { clusterId }, { ...member, orgId: otherOrg });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignStatus = await svc.graphql(STATUS, { clusterId }, { ...member, orgId: otherOrg });
    expect(foreignStatus.data?.clusterSyncStatus).toBeNull();
    const viewer = await svc.graphql(RESYNC, { clusterId }, { ...member, roles: ['viewer'] });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badId = await svc.graphql(STATUS, { clusterId: 'nope' }, member);
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps syncing healthy clusters while another one hangs or answers garbage', async () => {
    const broken = await startKubeTestServer({ bookmarkIntervalMs: 300 });
    try {
      const brokenOrg = randomUUID();
      await importCluster(svc, broken, brokenOrg);
      const brokenRef = (await svc.app.get(ClusterDirectory).connectedClusters()).find(
        (c) => c.orgId === brokenOrg,
      );
      const brokenId = brokenRef?.clusterId;
      expect(brokenId).toBeDefined();
      const runtime = svc.app.get(DiscoveryRuntime);
      await until(
        'the second cluster to sync',
        () => runtime.localStatus(brokenId ?? '')?.phase === 'synced',
      );
      for (const mode of ['hang', 'garbage'] as const) {
        broken.setFault(mode);
        broken.dropWatches({ abrupt: true });
        await until(
          `the ${mode} cluster to report errors`,
          () => runtime.localStatus(brokenId ?? '')?.kinds.some((k) => k.error !== undefined) === true,
        );
        const name = `while-${mode}`;
        kube.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'bulk' } });
        await until(
          `${name} from the healthy cluster`,
          // The broken cluster hangs or answers garbage until setFault('none') below: a healthy cluster blocked by
          // it would never deliver, whatever the limit.
          () => events.changesOf('ConfigMap', clusterId).some((c) => c.name === name),
          10_000,
        );
        broken.setFault('none');
      }
      expect(runtime.localStatus(clusterId)?.phase).toBe('synced');
      const deleted = await svc.graphql(
        `mutation($id: ID!) { deleteConnection(id: $id) { id } }`,
        { id: brokenRef?.connectionId },
        { orgId: brokenOrg, userId: randomUUID(), roles: ['admin'] },
      );
      expect(deleted.errors).toBeUndefined();
      await until(
        'the disconnected cluster to be let go',
        () => runtime.localStatus(brokenId ?? '') === undefined,
      );
    } finally {
      await broken.stop();
    }
  });

  it("moves a cluster to another replica within 30 s when its holder dies without releasing, its syncs newer than the old holder's", async () => {
    const dying = svc.app.get(DiscoveryRuntime);
    const second = createDiscoveryRuntime({
      config: loadFeatureConfig<DiscoveryConfig>(discoveryFeature, DISCOVERY_ENV),
      instanceId: `second-${randomUUID()}`,
      dataSource: svc.app.get(DataSource),
      locator: svc.app.get(ClusterDirectory),
      messaging: svc.app.get(MessagingClient),
      clock: svc.app.get(Clock),
    });
    second.start();
    try {
      await until('the first replica to hold the cluster', () => dying.heldClusters().length === 1);
      const held = first(dying.heldClusters());
      const victim = held.clusterId;
      const startedFor = () =>
        events.markers.filter((m) => m.payload.phase === 'started' && m.payload.clusterId === victim).length;
      const syncsBefore = startedFor();
      // The dying holder's clock ran an hour ahead: a sync it started is recorded with an id from the future. The
      // new holder must still make newer ones (else the inventory takes its lists for older, superseded ones).
      const ahead = `${Date.now() + 3_600_000}-0000000001-${randomUUID()}`;
      await new InventoryWriter(svc.app.get(DataSource), svc.app.get(Clock)).applySyncMarker({
        orgId: held.orgId,
        clusterId: victim,
        kind: { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true },
        syncId: ahead,
        phase: 'started',
        at: new Date().toISOString(),
      });
      await dying.stop({ release: false });
      const died = Date.now();
      await until(
        "the second replica to take the dead one's cluster over",
        () => second.heldClusters().some((c) => c.clusterId === victim),
        30_000,
      );
      expect(Date.now() - died).toBeLessThan(30_000);
      await until('a sync by the new holder', () => startedFor() > syncsBefore);
      const newer = events.markers
        .filter((m) => m.payload.phase === 'started' && m.payload.clusterId === victim)
        .slice(syncsBefore)
        .map((m) => m.payload.syncId);
      expect(newer.filter((id) => !isNewerSync(id, ahead))).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 45_000);
});

const STATUS = `query($clusterId: ID!) { clusterSyncStatus(clusterId: $clusterId) {
  clusterId active phase kindsTotal kindsSynced kindsCommitted pendingKinds objectsListed objectsCommitted
  lastEventAt error observedAt kinds { group kind synced objects } } }`;
const RESYNC = `mutation($clusterId: ID!) { resyncCluster(clusterId: $clusterId) }`;

async function importCluster(svc: TestService, kube: KubeTestServer, org: string): Promise<void> {
  const result = await svc.graphql<{
    importKubeconfig: {
      results: { connection: { status: string } | null; error: { message: string } | null }[];
    };
  }>(
    `mutation($input: ImportKubeconfigInput!) { importKubeconfig(input: $input) { results { connection { status } error { message } } } }`,
    { input: { kubeconfig: kube.kubeconfig() } },
    { orgId: org, userId: randomUUID(), roles: ['admin'] },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data?.importKubeconfig.results[0]?.connection?.status).toBe('CONNECTED');
}

function first<T>(items: T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected at least one');
  return item;
}

function widgetCrd() {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}
