import { afterEach, describe, expect, it } from 'vitest';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectedClusterRef } from '../leases/cluster-locator.js';
import type { HeldLease, RenewedLease } from '../leases/discovery-lease.repository.js';
import { DiscoveryRuntime, type LeaseStore } from '../leases/discovery.runtime.js';
import type { ClusterRef } from '../publish/jetstream-change.sink.js';
import type { ClusterSync } from '../sync/cluster-sync.js';

interface Row {
  orgId: string;
  holder: string;
  expiresAt: number;
  resyncRequestedAt: Date | null;
}

/** The lease table's rules in memory, on a clock the test moves. */
class MemoryLeases implements LeaseStore {
  now = 0;
  rows = new Map<string, Row>();
  replicas = new Map<string, number>();

  heartbeat(instanceId: string, ttlMs: number) {
    this.replicas.set(instanceId, this.now + ttlMs);
    return Promise.resolve();
  }
  leaveReplicas(instanceId: string) {
    this.replicas.delete(instanceId);
    return Promise.resolve();
  }
  liveReplicaCount() {
    return Promise.resolve([...this.replicas.values()].filter((e) => e > this.now).length);
  }
  liveLeases() {
    const live = [...this.rows].filter(([, r]) => r.expiresAt > this.now);
    return Promise.resolve(new Map(live.map(([id, r]) => [id, r.holder])));
  }
  acquire(lease: HeldLease, holder: string, ttlMs: number): Promise<RenewedLease | undefined> {
    const row = this.rows.get(lease.clusterId);
    if (row && row.expiresAt > this.now && row.holder !== holder) return Promise.resolve(undefined);
    const next = {
      orgId: lease.orgId,
      holder,
      expiresAt: this.now + ttlMs,
      resyncRequestedAt: row?.resyncRequestedAt ?? null,
    };
    this.rows.set(lease.clusterId, next);
    return Promise.resolve({ clusterId: lease.clusterId, resyncRequestedAt: next.resyncRequestedAt });
  }
  renew(orgId: string, holder: string, ttlMs: number, leases: { clusterId: string }[]) {
    const renewed: RenewedLease[] = [];
    for (const { clusterId } of leases) {
      const row = this.rows.get(clusterId);
      if (!row || row.orgId !== orgId || row.holder !== holder || row.expiresAt <= this.now) continue;
      row.expiresAt = this.now + ttlMs;
      renewed.push({ clusterId, resyncRequestedAt: row.resyncRequestedAt });
    }
    return Promise.resolve(renewed);
  }
  release(orgId: string, holder: string, clusterIds: string[]) {
    for (const id of clusterIds) {
      const row = this.rows.get(id);
      if (row && row.holder === holder && row.orgId === orgId) row.expiresAt = this.now;
    }
    return Promise.resolve();
  }
}

/** Records what the runtime asks of each cluster's sync. */
class FakeSync {
  started = false;
  stopped = false;
  resyncs = 0;
  constructor(readonly cluster: ClusterRef) {}
  start() {
    this.started = true;
  }
  stop() {
    this.stopped = true;
    return Promise.resolve();
  }
  resync() {
    this.resyncs++;
  }
  status() {
    return { ...this.cluster, phase: 'synced' as const, kinds: [], kindsTotal: 0, kindsSynced: 0 };
  }
}

const cluster = (n: number): ConnectedClusterRef => ({
  orgId: `00000000-0000-4000-8000-00000000000${n % 2}`,
  clusterId: `00000000-0000-4000-9000-00000000000${n}`,
  connectionId: `c${n}`,
});

function runtime(id: string, store: MemoryLeases, connected: () => ConnectedClusterRef[], syncs: FakeSync[]) {
  return new DiscoveryRuntime(
    { instanceId: id, leaseTtlMs: 15_000, leaseRenewMs: 5_000 },
    {
      leases: store,
      locator: {
        connectedClusters: () => Promise.resolve(connected()),
        kubeConfigFor: () => Promise.reject(new Error('not used')) as Promise<KubeConfig>,
      },
      createSync: (ref) => {
        const sync = new FakeSync(ref);
        syncs.push(sync);
        return sync as unknown as ClusterSync;
      },
    },
  );
}

const running: DiscoveryRuntime[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop({ release: false })));
});

describe('DiscoveryRuntime lease loop', () => {
  it('splits clusters fairly between live replicas, the busier one shedding to the newcomer', async () => {
    const store = new MemoryLeases();
    const clusters = [0, 1, 2, 3].map(cluster);
    const syncs: FakeSync[] = [];
    const a = runtime('a', store, () => clusters, syncs);
    await a.tick();
    expect(a.heldClusters()).toHaveLength(4);
    const b = runtime('b', store, () => clusters, syncs);
    for (let i = 0; i < 4; i++) {
      await b.tick();
      await a.tick();
    }
    expect(a.heldClusters()).toHaveLength(2);
    expect(b.heldClusters()).toHaveLength(2);
    const held = [...a.heldClusters(), ...b.heldClusters()].map((c) => c.clusterId).sort();
    expect(held).toEqual(clusters.map((c) => c.clusterId).sort());
    expect(syncs.filter((s) => s.started && !s.stopped)).toHaveLength(4);
  });

  it("takes a dead replica's clusters only once its leases have expired", async () => {
    const store = new MemoryLeases();
    const clusters = [cluster(0)];
    const syncs: FakeSync[] = [];
    const a = runtime('a', store, () => clusters, syncs);
    const b = runtime('b', store, () => clusters, syncs);
    await a.tick();
    await b.tick();
    expect(b.heldClusters()).toHaveLength(0);
    store.now += 14_000;
    await b.tick();
    expect(b.heldClusters()).toHaveLength(0);
    store.now += 2_000;
    await b.tick();
    expect(b.heldClusters().map((c) => c.clusterId)).toEqual([cluster(0).clusterId]);
  });

  it('stops the watchers of a lease it lost and of a cluster no longer connected', async () => {
    const store = new MemoryLeases();
    let clusters = [cluster(0), cluster(1)];
    const syncs: FakeSync[] = [];
    const a = runtime('a', store, () => clusters, syncs);
    await a.tick();
    const stolen = store.rows.get(cluster(0).clusterId);
    if (stolen) stolen.holder = 'thief';
    clusters = [cluster(0)];
    await a.tick();
    expect(a.heldClusters()).toHaveLength(0);
    expect(syncs.every((s) => s.stopped)).toBe(true);
    expect(store.rows.get(cluster(1).clusterId)?.expiresAt).toBe(store.now);
  });

  it('relists a held cluster once per resync request', async () => {
    const store = new MemoryLeases();
    const syncs: FakeSync[] = [];
    const a = runtime('a', store, () => [cluster(0)], syncs);
    await a.tick();
    const row = store.rows.get(cluster(0).clusterId);
    if (row) row.resyncRequestedAt = new Date(1_000);
    await a.tick();
    await a.tick();
    expect(syncs[0]?.resyncs).toBe(1);
    if (row) row.resyncRequestedAt = new Date(2_000);
    await a.tick();
    expect(syncs[0]?.resyncs).toBe(2);
  });

  it('hands its leases over at once on a clean stop', async () => {
    const store = new MemoryLeases();
    const syncs: FakeSync[] = [];
    const a = runtime('a', store, () => [cluster(0)], syncs);
    await a.tick();
    await a.stop();
    expect(syncs[0]?.stopped).toBe(true);
    expect((await store.liveLeases()).size).toBe(0);
    expect(await store.liveReplicaCount()).toBe(0);
  });

  it('announces each held cluster after renewing, retrying a failed announcement at the next renewal', async () => {
    const store = new MemoryLeases();
    const calls: (string | undefined)[] = [];
    const errors: unknown[] = [];
    let failing = true;
    const a = new DiscoveryRuntime(
      { instanceId: 'a', leaseTtlMs: 15_000, leaseRenewMs: 5_000 },
      {
        leases: store,
        locator: {
          connectedClusters: () => Promise.resolve([cluster(0)]),
          kubeConfigFor: () => Promise.reject(new Error('not used')) as Promise<KubeConfig>,
        },
        createSync: (ref) => new FakeSync(ref) as unknown as ClusterSync,
        announce: (_cluster, _status, previous) => {
          calls.push(previous);
          return failing ? Promise.reject(new Error('nats down')) : Promise.resolve(`seen-${calls.length}`);
        },
        onError: (error) => errors.push(error),
      },
    );
    await a.tick(); // adopts the cluster; nothing held to announce at renewal yet
    await a.tick();
    failing = false;
    await a.tick();
    await a.tick();
    expect(calls).toEqual([undefined, undefined, 'seen-2']);
    expect(errors).toHaveLength(1);
  });
});
