import type { ResourceChange, ResourceKind } from '@meshplane/contracts';
import { discoverServedKinds, type ServedKinds } from '../kube/api-discovery.js';
import type { KubeHttpClient } from '../kube/kube-http.client.js';
import { KubeKindSource } from '../kube/kube-kind.source.js';
import { CRD_KIND, kindKey, selectKinds, type KindSelection } from '../kinds/kind-catalogue.js';
import type { ClusterRef } from '../publish/jetstream-change.sink.js';
import { Backoff, sleep } from './backoff.js';
import type { ChangeSink } from './kind-sync.ports.js';
import { KindSync, syncIdsAfter, type KindSyncOptions, type KindSyncStatus } from './kind-sync.js';

export interface ClusterSyncDeps {
  connect: (cluster: ClusterRef) => Promise<KubeHttpClient>;
  sinkFor: (cluster: ClusterRef) => ChangeSink;
  selection: KindSelection;
  kindOptions: Omit<KindSyncOptions, 'onChange'>;
  /** Debounce between a CRD change and the rediscovery it causes. */
  rediscoverDelayMs?: number;
  /**
   * The newest sync id already recorded for the cluster (by the replica that held it before, whose clock may be
   * ahead of this one's): this process's ids are made newer than it before the first list. Without it (or when
   * it fails) ids follow this replica's clock alone.
   */
  newestSyncId?: (cluster: ClusterRef) => Promise<string | undefined>;
}

export type ClusterSyncPhase = 'connecting' | 'syncing' | 'synced' | 'error';

export interface ClusterSyncStatus extends ClusterRef {
  phase: ClusterSyncPhase;
  kinds: KindSyncStatus[];
  kindsTotal: number;
  kindsSynced: number;
  /**
   * The set of kinds itself is not final: not discovered yet, or a CRD change was seen that the next
   * discovery pass has not applied (kinds may be added).
   */
  kindSetPending: boolean;
  lastEventAt?: Date;
  error?: string;
}

/**
 * Everything discovery does for one cluster: find the served kinds, run a KindSync per selected kind, and
 * follow CustomResourceDefinitions so that kinds appear and disappear without a restart. Failures stay
 * here: an unreachable or misbehaving cluster backs off on its own and never blocks another.
 */
export class ClusterSync {
  private readonly kinds = new Map<string, KindSync>();
  /** The kind each CRD (by uid) defines: a deletion carries no object to read it from. */
  private readonly crds = new Map<string, string>();
  private rediscoverPending = false;
  private readonly controller = new AbortController();
  private readonly backoff: Backoff;
  private client: KubeHttpClient | undefined;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private rediscoverTimer: NodeJS.Timeout | undefined;
  private error: string | undefined;
  private discovered = false;
  /** Bumped by every CRD change that may add or remove a kind; `appliedCrdChanges` is what discovery applied. */
  private crdChanges = 0;
  private appliedCrdChanges = 0;

  constructor(
    readonly cluster: ClusterRef,
    private readonly deps: ClusterSyncDeps,
  ) {
    this.backoff = new Backoff(deps.kindOptions.backoffBaseMs, deps.kindOptions.backoffMaxMs);
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Relists every kind now (and refreshes the served kinds). */
  resync(): void {
    for (const sync of this.kinds.values()) sync.resync();
    this.rediscover(0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.rediscoverTimer);
    this.controller.abort();
    this.wake?.();
    await this.running;
    await Promise.all([...this.kinds.values()].map((sync) => sync.stop()));
    this.kinds.clear();
  }

  status(): ClusterSyncStatus {
    const kinds = [...this.kinds.values()].map((sync) => sync.status());
    const kindsSynced = kinds.filter((k) => k.synced).length;
    const lastEventAt = kinds
      .map((k) => k.lastEventAt ?? k.lastSyncAt)
      .filter((d): d is Date => d !== undefined)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    const kindSetPending = !this.discovered || this.appliedCrdChanges !== this.crdChanges;
    const phase: ClusterSyncPhase = this.error
      ? 'error'
      : !this.discovered
        ? 'connecting'
        : kindsSynced === kinds.length && !kindSetPending
          ? 'synced'
          : 'syncing';
    return {
      ...this.cluster,
      phase,
      kinds,
      kindsTotal: kinds.length,
      kindsSynced,
      kindSetPending,
      ...(lastEventAt && { lastEventAt }),
      ...(this.error && { error: this.error }),
    };
  }

  private async loop(): Promise<void> {
    const { resyncIntervalMs } = this.deps.kindOptions;
    while (!this.controller.signal.aborted) {
      try {
        // Asked again on every pass: credentials may have been rotated and the server policy re-checked.
        const client = await this.deps.connect(this.cluster);
        this.client = client;
        // A CRD change seen after this point may be missing from this pass: it keeps the kind set pending
        // until the pass it scheduled has run.
        const crdChanges = this.crdChanges;
        const served = await discoverServedKinds(client, this.controller.signal);
        if (this.controller.signal.aborted) return;
        if (!this.discovered) await this.seedSyncIds();
        this.reconcile(served);
        this.discovered = true;
        this.appliedCrdChanges = crdChanges;
        this.error =
          served.failedGroups.length > 0
            ? `API groups unavailable: ${served.failedGroups.join(', ')}`
            : undefined;
        this.backoff.reset();
        // Unavailable groups are retried soon; otherwise the served kinds change only with CRDs (or rarely).
        await this.pause(served.failedGroups.length > 0 ? this.backoff.next() : resyncIntervalMs);
      } catch (error) {
        if (this.controller.signal.aborted) return;
        this.error = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        await this.pause(this.backoff.next());
      }
    }
  }

  /**
   * Before the first kind is listed: a sync that started under the previous holder of the cluster must never look
   * newer than ours (the inventory would take our lists for older ones). Best effort: a failure to ask leaves ids
   * on this replica's clock, as before.
   */
  private async seedSyncIds(): Promise<void> {
    try {
      const newest = await this.deps.newestSyncId?.(this.cluster);
      if (newest !== undefined) syncIdsAfter(newest);
    } catch {
      // Only the ordering across replicas with disagreeing clocks depends on it.
    }
  }

  /** Waits `ms`, or less when stopped or asked to rediscover. */
  private async pause(ms: number): Promise<void> {
    if (this.rediscoverPending) {
      this.rediscoverPending = false;
      return;
    }
    const early = new AbortController();
    this.wake = () => early.abort();
    await sleep(ms, AbortSignal.any([early.signal, this.controller.signal]));
    this.wake = undefined;
    this.rediscoverPending = false;
  }

  private rediscover(delayMs = this.deps.rediscoverDelayMs ?? 250): void {
    clearTimeout(this.rediscoverTimer);
    this.rediscoverTimer = setTimeout(() => {
      this.rediscoverPending = true;
      this.wake?.();
    }, delayMs);
  }

  private reconcile(served: ServedKinds): void {
    const wanted = new Map<string, ResourceKind>();
    const crdKinds = new Set(this.crds.values());
    for (const kind of selectKinds(served.kinds, crdKinds, this.deps.selection))
      wanted.set(kindKey(kind.group, kind.kind), kind);
    const failed = new Set(served.failedGroups);
    for (const [key, sync] of this.kinds) {
      const next = wanted.get(key);
      // A group that failed to answer keeps its watchers: absence of evidence is not a removed kind.
      if (failed.has(sync.kind.group)) continue;
      if (!next || next.version !== sync.kind.version || next.resource !== sync.kind.resource) {
        this.kinds.delete(key);
        void sync.stop();
      }
    }
    for (const [key, kind] of wanted) {
      if (this.kinds.has(key)) continue;
      const sync = new KindSync(
        kind,
        new KubeKindSource(() => this.currentClient()),
        this.deps.sinkFor(this.cluster),
        {
          ...this.deps.kindOptions,
          ...(kind.group === CRD_KIND.group &&
            kind.kind === CRD_KIND.kind && {
              onChange: (change: ResourceChange) => this.onCrdChange(change),
            }),
        },
      );
      this.kinds.set(key, sync);
      sync.start();
    }
  }

  private currentClient(): KubeHttpClient {
    if (!this.client) throw new Error('not connected');
    return this.client;
  }

  private onCrdChange(change: ResourceChange): void {
    if (change.type === 'delete') {
      if (this.crds.delete(change.uid)) this.crdChanged();
      return;
    }
    const key = crdKindKey(change.object);
    if (!key) return;
    this.crds.set(change.uid, key);
    if (!this.kinds.has(key)) this.crdChanged();
  }

  /** Until the next discovery pass has run, the cluster cannot be synced: a kind may be missing. */
  private crdChanged(): void {
    this.crdChanges++;
    this.rediscover();
  }
}

function crdKindKey(object: Record<string, unknown> | undefined): string | undefined {
  const spec = object?.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
  return typeof spec?.group === 'string' && typeof spec.names?.kind === 'string'
    ? kindKey(spec.group, spec.names.kind)
    : undefined;
}
