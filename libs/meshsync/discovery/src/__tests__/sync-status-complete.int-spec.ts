import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterDirectory } from '@meshplane/meshsync-connections';
import { clusterSyncStatusEvent, decodePayload, type ClusterSyncStatusPayload } from '@meshplane/contracts';
import {
  KubeApiError,
  startKubeTestServer,
  type KubeObjectInput,
  type KubeTestServer,
} from '@meshplane/k8s-testing';
import { defineBackendService } from '@meshplane/service-kit';
import { startTestService, type TestService } from '@meshplane/service-testing';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { discoveryFeature } from '../discovery.feature.js';

/** meshsync-ingest as it runs: connections, discovery and the inventory consuming what discovery publishes. */
const definition = defineBackendService({
  name: 'meshsync-ingest',
  version: '0.0.0',
  defaultPort: 0,
  features: [discoveryFeature],
});

const ENV = {
  KUBE_SERVER_ALLOW_CIDRS: '127.0.0.0/8',
  KUBE_SERVER_ALLOW_INSECURE_HTTP: 'true',
  CREDENTIALS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  CONNECTION_PING_INTERVAL_MS: '600000',
  DISCOVERY_LEASE_TTL_MS: '2000',
  DISCOVERY_LEASE_RENEW_MS: '400',
  DISCOVERY_BACKOFF_MAX_MS: '1000',
  // Bookmarks come every 300 ms: a watch silent for 5 s is dead and reopened (see discovery.int-spec.ts).
  DISCOVERY_WATCH_IDLE_TIMEOUT_MS: '5000',
};

const STATUS = `query($clusterId: ID!) { clusterSyncStatus(clusterId: $clusterId) {
  phase kindsTotal kindsSynced kindsCommitted pendingKinds kindSetPending objectsListed objectsCommitted
  kinds { group kind synced committed objects } } }`;
const SUMMARY = `query($clusterId: ID!) { inventorySummary(clusterId: $clusterId) { total byKind { key live } } }`;

interface Status {
  phase: string;
  kindsTotal: number;
  kindsSynced: number;
  kindsCommitted: number;
  pendingKinds: string[];
  kindSetPending: boolean;
  objectsListed: number;
  objectsCommitted: number;
  kinds: { group: string; kind: string; synced: boolean; committed: boolean; objects: number }[];
}

/** A status event, with the inventory as read right after it arrived. */
interface Announced {
  event: ClusterSyncStatusPayload;
  inventory: Record<string, number>;
}

interface Observation {
  status: Status | null;
  /** Live objects per kind in the inventory, read right after the status. */
  inventory: Record<string, number>;
}

/** Kinds of everything this test puts in the cluster (plus its four built-in namespaces). */
const KINDS: readonly [apiVersion: string, kind: string][] = [
  ['v1', 'Namespace'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['example.com/v1', 'Widget'],
  ['example.com/v1', 'Gadget'],
  ['example.com/v1', 'Gizmo'],
];

/** Enough that storing them takes the inventory a while after discovery has listed them. */
const GIZMOS = 1_500;
const orgId = randomUUID();
const member = { orgId, userId: randomUUID(), roles: ['member'] };

describe('clusterSyncStatus says SYNCED only once the inventory holds the whole cluster', () => {
  let nats: NatsServer;
  let kube: KubeTestServer;
  let svc: TestService;
  let clusterId: string;
  let listener: NatsConnection;
  const announced: Announced[] = [];

  beforeAll(async () => {
    nats = await startTestNats();
    kube = await startKubeTestServer({ bookmarkIntervalMs: 300 });
    kube.create(crd('Widget', 'widgets'));
    kube.create(crd('Gadget', 'gadgets'));
    kube.bulkLoad(clusterObjects());
    svc = await startTestService(definition, { natsUrl: nats.url, label: 'discovery-sync-status', env: ENV });
    listener = await connect({ servers: nats.url });
    const events = listener.subscribe(`discovery.v1.${orgId}.*.status`);
    void (async () => {
      for await (const m of events) {
        const event = decodePayload(clusterSyncStatusEvent, m.data);
        announced.push({ event, inventory: event.phase === 'synced' ? await inventoryCounts() : {} });
      }
    })();
  }, 30_000);

  afterAll(async () => {
    await listener?.close();
    await svc?.close();
    await kube?.stop();
    await nats?.stop();
  });

  it('never reports SYNCED while the inventory lacks objects, CRD kinds included, and gets there', async () => {
    await importCluster();
    const expected = clusterCounts();
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(35);
    expect(expected.Widget).toBe(4);

    const observations = await observeUntil(
      (o) => o.filter((x) => x.status?.phase === 'SYNCED').length >= 20,
    );
    const synced = observations.filter((o) => o.status?.phase === 'SYNCED');
    expect(synced.length).toBeGreaterThanOrEqual(20);
    expect(synced.filter((o) => !sameCounts(o.inventory, expected)).map(describeObservation)).toEqual([]);
    for (const o of synced) {
      expect(o.status).toMatchObject({ pendingKinds: [], kindSetPending: false });
      expect(o.status?.kindsCommitted).toBe(o.status?.kindsTotal);
      expect(o.status?.objectsCommitted).toBe(o.status?.objectsListed);
    }
    // Whenever it was not there yet, the status said what was still missing.
    const syncing = observations.flatMap((o) => (o.status?.phase === 'SYNCING' ? [o.status] : []));
    expect(syncing.filter((st) => st.pendingKinds.length === 0 && !st.kindSetPending)).toEqual([]);

    // The event says the same: SYNCED only with the whole cluster in the inventory, pending detail before.
    await waitFor(() => announced.some((a) => a.event.phase === 'synced'), {
      description: 'the SYNCED event',
      timeoutMs: 15_000,
    });
    const syncedEvents = announced.filter((a) => a.event.phase === 'synced');
    expect(syncedEvents.filter((a) => !sameCounts(a.inventory, expected)).map((a) => a.inventory)).toEqual(
      [],
    );
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    for (const { event } of syncedEvents)
      expect(event).toMatchObject({
        clusterId,
        pendingKinds: [],
        kindSetPending: false,
        objectsCommitted: total,
      });
    const syncingEvents = announced.filter((a) => a.event.phase === 'syncing').map((a) => a.event);
    expect(syncingEvents.filter((e) => e.pendingKinds.length === 0 && !e.kindSetPending)).toEqual([]);
  }, 60_000);

  it('goes back to SYNCING for a CRD added later, until its kind is committed', async () => {
    const announcedBefore = announced.length;
    const kindsBefore = announced.at(-1)?.event.kindsTotal ?? Infinity;
    kube.create(crd('Gizmo', 'gizmos'));
    kube.bulkLoad(
      Array.from({ length: GIZMOS }, (_, i) => ({
        apiVersion: 'example.com/v1',
        kind: 'Gizmo',
        metadata: { name: `gizmo-${i}`, namespace: 'shop' },
      })),
    );
    const expected = clusterCounts();
    expect(expected.Gizmo).toBe(GIZMOS);
    const complete = (o: Observation) =>
      o.status?.phase === 'SYNCED' && o.status.kinds.some((k) => k.kind === 'Gizmo');
    const observations = await observeUntil((o) => o.filter(complete).length >= 20);
    // From the moment discovery shows it noticed the CRD (a pending status or the new kind), every SYNCED
    // must include the Gizmos; earlier observations may still describe the complete cluster before the CRD.
    const noticed = observations.findIndex(
      (o) => o.status?.phase !== 'SYNCED' || o.status.kinds.some((k) => k.kind === 'Gizmo'),
    );
    expect(noticed).toBeGreaterThanOrEqual(0);
    const after = observations.slice(noticed).filter((o) => o.status?.phase === 'SYNCED');
    expect(after.length).toBeGreaterThanOrEqual(20);
    expect(after.filter((o) => !sameCounts(o.inventory, expected)).map(describeObservation)).toEqual([]);

    // The events: once one says the picture is incomplete again, a SYNCED one comes only with the Gizmos.
    await waitFor(
      () =>
        announced
          .slice(announcedBefore)
          .some((a) => a.event.phase === 'synced' && a.event.kindsTotal > kindsBefore),
      { description: 'the SYNCED event with the Gizmos', timeoutMs: 15_000 },
    );
    const since = announced.slice(announcedBefore);
    const reopened = since.findIndex((a) => a.event.phase !== 'synced');
    const syncedAgain = since.slice(Math.max(reopened, 0)).filter((a) => a.event.phase === 'synced');
    expect(syncedAgain.filter((a) => !sameCounts(a.inventory, expected)).map((a) => a.inventory)).toEqual([]);
  }, 60_000);

  async function importCluster(): Promise<void> {
    const result = await svc.graphql<{
      importKubeconfig: { results: { connection: { status: string } | null }[] };
    }>(
      `mutation($input: ImportKubeconfigInput!) { importKubeconfig(input: $input) { results { connection { status } } } }`,
      { input: { kubeconfig: kube.kubeconfig() } },
      { orgId, userId: randomUUID(), roles: ['admin'] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.importKubeconfig.results[0]?.connection?.status).toBe('CONNECTED');
    const connected = await svc.app.get(ClusterDirectory).connectedClusters();
    clusterId = connected.find((c) => c.orgId === orgId)?.clusterId ?? '';
    expect(clusterId).not.toBe('');
  }

  /** Polls the status, then the inventory, back to back, recording each pair until `done`. */
  async function observeUntil(done: (observations: Observation[]) => boolean): Promise<Observation[]> {
    const observations: Observation[] = [];
    await waitFor(
      async () => {
        const status = await svc.graphql<{ clusterSyncStatus: Status | null }>(STATUS, { clusterId }, member);
        expect(status.errors).toBeUndefined();
        observations.push({
          status: status.data?.clusterSyncStatus ?? null,
          inventory: await inventoryCounts(),
        });
        return done(observations);
      },
      { description: 'the cluster to be reported SYNCED', timeoutMs: 45_000, intervalMs: 0 },
    );
    return observations;
  }

  async function inventoryCounts(): Promise<Record<string, number>> {
    const summary = await svc.graphql<{
      inventorySummary: { byKind: { key: string; live: number }[] };
    }>(SUMMARY, { clusterId }, member);
    expect(summary.errors).toBeUndefined();
    return Object.fromEntries((summary.data?.inventorySummary.byKind ?? []).map((c) => [c.key, c.live]));
  }

  /** What the cluster holds now, per kind (a kind whose CRD does not exist yet holds nothing). */
  function clusterCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [apiVersion, kind] of KINDS) {
      try {
        const n = kube.list(apiVersion, kind).length;
        if (n > 0) counts[kind] = n;
      } catch (error) {
        if (!(error instanceof KubeApiError && error.status.code === 404)) throw error;
      }
    }
    return counts;
  }
});

function sameCounts(actual: Record<string, number>, expected: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].every((k) => (actual[k] ?? 0) === (expected[k] ?? 0));
}

function describeObservation(o: Observation): string {
  return `SYNCED with inventory ${JSON.stringify(o.inventory)}`;
}

/** 35 objects with the two CRDs and the four built-in namespaces; the two CRD kinds hold 7 of them. */
function clusterObjects(): KubeObjectInput[] {
  const ns = 'shop';
  const named = (apiVersion: string, kind: string, names: string[], extra: Record<string, unknown> = {}) =>
    names.map((name) => ({ apiVersion, kind, metadata: { name, namespace: ns }, ...extra }));
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    ...named('v1', 'ConfigMap', ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11']),
    ...named('v1', 'Secret', ['s1', 's2', 's3'], { data: { k: Buffer.from('v').toString('base64') } }),
    ...named('v1', 'Service', ['web', 'api', 'db'], { spec: { ports: [{ port: 80 }] } }),
    ...named('apps/v1', 'Deployment', ['web', 'api', 'db', 'worker'], { spec: { replicas: 1 } }),
    ...named('example.com/v1', 'Widget', ['w1', 'w2', 'w3', 'w4']),
    ...named('example.com/v1', 'Gadget', ['g1', 'g2', 'g3']),
  ];
}

function crd(kind: string, plural: string): KubeObjectInput {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
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
