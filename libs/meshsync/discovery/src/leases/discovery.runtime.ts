import type { ClusterRef } from '../publish/jetstream-change.sink.js';
import { toStoredStatus, type StoredClusterStatus } from '../status/stored-cluster-status.js';
import { sleep } from '../sync/backoff.js';
import type { ClusterSync, ClusterSyncStatus } from '../sync/cluster-sync.js';
import type { ClusterLocator } from './cluster-locator.js';
import type { DiscoveryLeaseRepository, RenewedLease } from './discovery-lease.repository.js';

/** What the lease loop needs of the repository (an in-memory double in unit tests). */
export type LeaseStore = Pick<
  DiscoveryLeaseRepository,
  'heartbeat' | 'leaveReplicas' | 'liveReplicaCount' | 'liveLeases' | 'acquire' | 'renew' | 'release'
>;

export interface DiscoveryRuntimeOptions {
  instanceId: string;
  leaseTtlMs: number;
  leaseRenewMs: number;
}

export interface DiscoveryRuntimeDeps {
  leases: LeaseStore;
  locator: ClusterLocator;
  createSync: (cluster: ClusterRef) => ClusterSync;
  /**
   * Announces a held cluster's status after each renewal when it changed since `previous` (what the last
   * call returned); answers what it announced.
   */
  announce?: (cluster: ClusterRef, status: StoredClusterStatus, previous?: string) => Promise<string>;
  onError?: (error: unknown) => void;
}

interface Held {
  sync: ClusterSync;
  resyncHandledAt: number;
  announced?: string;
}

/**
 * Shards clusters over replicas with Postgres leases: every renew period it heartbeats, renews what it holds
 * (stopping what it lost), drops disconnected clusters, and takes free or expired leases up to its fair share
 * (shedding one when above it, so a new replica gets work). A replica that dies stops renewing; after the TTL
 * another takes its clusters over.
 */
export class DiscoveryRuntime {
  private readonly held = new Map<string, Held>();
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private lastTickOkAt = 0;
  private lastTickError: string | undefined;

  constructor(
    private readonly options: DiscoveryRuntimeOptions,
    private readonly deps: DiscoveryRuntimeDeps,
  ) {}

  get instanceId(): string {
    return this.options.instanceId;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /**
   * Stops every watcher. `release: false` leaves the leases to expire, as a crashed replica would.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.controller.abort();
    await this.loop;
    const held = [...this.held.values()];
    this.held.clear();
    await Promise.all(held.map((h) => h.sync.stop()));
    if (options.release ?? true) {
      await this.releaseAll(held.map((h) => h.sync.cluster)).catch((e: unknown) => this.deps.onError?.(e));
      await this.deps.leases.leaveReplicas(this.instanceId).catch((e: unknown) => this.deps.onError?.(e));
    }
  }

  heldClusters(): ClusterRef[] {
    return [...this.held.values()].map((h) => h.sync.cluster);
  }

  /** This replica's view of a cluster it holds; undefined when another replica (or none) holds it. */
  localStatus(clusterId: string): ClusterSyncStatus | undefined {
    return this.held.get(clusterId)?.sync.status();
  }

  /** Whether the lease loop reached Postgres recently (clusters' own health does not count). */
  health(): { ok: boolean; error?: string } {
    const fresh = Date.now() - this.lastTickOkAt < this.options.leaseTtlMs;
    return fresh ? { ok: true } : { ok: false, error: this.lastTickError ?? 'lease loop has not run yet' };
  }

  /** One pass of the lease loop (exposed so tests and start-up need not wait for the timer). */
  async tick(): Promise<void> {
    const { instanceId, leaseTtlMs } = this.options;
    await this.deps.leases.heartbeat(instanceId, leaseTtlMs);
    await this.renewHeld();
    const connected = await this.deps.locator.connectedClusters();
    const connectedIds = new Set(connected.map((c) => c.clusterId));
    await this.dropDisconnected(connectedIds);
    const replicas = Math.max(1, await this.deps.leases.liveReplicaCount());
    const share = Math.ceil(connected.length / replicas);
    if (this.held.size > share) {
      await this.shed(this.held.size - share);
    } else if (this.held.size < share) {
      const live = await this.deps.leases.liveLeases();
      const free = shuffle(connected.filter((c) => !live.has(c.clusterId) && !this.held.has(c.clusterId)));
      for (const cluster of free) {
        if (this.held.size >= share || this.controller.signal.aborted) break;
        const lease = await this.deps.leases.acquire(cluster, instanceId, leaseTtlMs);
        if (lease) this.adopt({ orgId: cluster.orgId, clusterId: cluster.clusterId }, lease);
      }
    }
    this.lastTickOkAt = Date.now();
    this.lastTickError = undefined;
  }

  private async run(): Promise<void> {
    while (!this.controller.signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        this.lastTickError = error instanceof Error ? error.message : String(error);
        this.deps.onError?.(error);
      }
      // A little jitter keeps replicas started together from contending for the same free leases.
      await sleep(this.options.leaseRenewMs * (0.9 + Math.random() * 0.2), this.controller.signal);
    }
  }

  private adopt(cluster: ClusterRef, lease: RenewedLease): void {
    const sync = this.deps.createSync(cluster);
    this.held.set(cluster.clusterId, { sync, resyncHandledAt: lease.resyncRequestedAt?.getTime() ?? 0 });
    sync.start();
  }

  private async renewHeld(): Promise<void> {
    const byOrg = new Map<string, Held[]>();
    for (const held of this.held.values()) {
      const list = byOrg.get(held.sync.cluster.orgId) ?? [];
      list.push(held);
      byOrg.set(held.sync.cluster.orgId, list);
    }
    for (const [orgId, list] of byOrg) {
      const statuses = new Map(list.map((h) => [h.sync.cluster.clusterId, toStoredStatus(h.sync.status())]));
      const renewed = await this.deps.leases.renew(
        orgId,
        this.instanceId,
        this.options.leaseTtlMs,
        [...statuses].map(([clusterId, status]) => ({ clusterId, status })),
      );
      const byId = new Map(renewed.map((r) => [r.clusterId, r]));
      for (const held of list) {
        const lease = byId.get(held.sync.cluster.clusterId);
        if (!lease) {
          this.held.delete(held.sync.cluster.clusterId);
          await held.sync.stop();
          continue;
        }
        const requested = lease.resyncRequestedAt?.getTime() ?? 0;
        if (requested > held.resyncHandledAt) {
          held.resyncHandledAt = requested;
          held.sync.resync();
        }
        const status = statuses.get(held.sync.cluster.clusterId);
        if (status) await this.announce(held, status);
      }
    }
  }

  /** A failed announcement is retried at the next renewal (the status differs from the last announced). */
  private async announce(held: Held, status: StoredClusterStatus): Promise<void> {
    if (!this.deps.announce) return;
    try {
      held.announced = await this.deps.announce(held.sync.cluster, status, held.announced);
    } catch (error) {
      this.deps.onError?.(error);
    }
  }

  private async dropDisconnected(connected: Set<string>): Promise<void> {
    const gone = [...this.held.values()].filter((h) => !connected.has(h.sync.cluster.clusterId));
    for (const held of gone) this.held.delete(held.sync.cluster.clusterId);
    await Promise.all(gone.map((h) => h.sync.stop()));
    await this.releaseAll(gone.map((h) => h.sync.cluster));
  }

  private async shed(count: number): Promise<void> {
    // One at a time: replicas converge over a few periods instead of all shedding and re-taking at once.
    const victim = [...this.held.values()].slice(0, Math.min(1, count))[0];
    if (!victim) return;
    this.held.delete(victim.sync.cluster.clusterId);
    await victim.sync.stop();
    await this.releaseAll([victim.sync.cluster]);
  }

  private async releaseAll(clusters: ClusterRef[]): Promise<void> {
    const byOrg = new Map<string, string[]>();
    for (const c of clusters) byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), c.clusterId]);
    for (const [orgId, ids] of byOrg) await this.deps.leases.release(orgId, this.instanceId, ids);
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
