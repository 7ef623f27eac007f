import { randomUUID } from 'node:crypto';
import { syncIdMillis, type ResourceChange, type ResourceKind } from '@meshplane/contracts';
import { systemClock, type Clock } from '@meshplane/runtime';
import type { WatchEvent } from '../kube/kube-http.client.js';
import { isGone } from '../kube/kube-http.error.js';
import { Backoff, sleep } from './backoff.js';
import { ChangeBatcher } from './change-batcher.js';
import type { ChangeSink, KindSource } from './kind-sync.ports.js';
import { redactObject, type RedactionOptions } from './redact-object.js';

export interface KindSyncOptions extends RedactionOptions {
  pageSize: number;
  batchFlushMs: number;
  batchMaxChanges: number;
  resyncIntervalMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  newSyncId?: () => string;
  /** When the status says a list completed or an event arrived; the system clock by default. */
  clock?: Clock;
  /** Called with every change object seen (list or watch), e.g. to notice CRDs. */
  onChange?: (change: ResourceChange) => void;
}

export interface KindSyncStatus {
  kind: ResourceKind;
  /** A full list completed and the watch is live. */
  synced: boolean;
  objects: number;
  /** The id of the last full list that completed: the inventory has the kind once it committed this sync. */
  syncId?: string;
  lastSyncAt?: Date;
  lastEventAt?: Date;
  error?: string;
}

/**
 * One kind of one cluster: list in pages (a sync bracketed by markers), then watch from the list's
 * resourceVersion, resuming from the last one seen when the connection drops and listing again on 410 Gone,
 * on every resync interval and on request.
 */
export class KindSync {
  private readonly controller = new AbortController();
  private watchAbort: AbortController | undefined;
  private resourceVersion: string | undefined;
  private relistWanted = true;
  private readonly backoff: Backoff;
  private readonly state: Omit<KindSyncStatus, 'kind'> = { synced: false, objects: 0 };
  private running: Promise<void> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly kind: ResourceKind,
    private readonly source: KindSource,
    private readonly sink: ChangeSink,
    private readonly options: KindSyncOptions,
  ) {
    this.backoff = new Backoff(options.backoffBaseMs, options.backoffMaxMs);
  }

  start(): void {
    this.running ??= this.loop();
    // ±10 % so that a cluster's kinds (and clusters started together) do not all relist in the same second.
    const interval = this.options.resyncIntervalMs * (0.9 + Math.random() * 0.2);
    this.resyncTimer = setInterval(() => this.resync(), interval);
    this.resyncTimer.unref();
  }

  /** A full relist as soon as possible: the drift-repairing reconcile. */
  resync(): void {
    this.relistWanted = true;
    this.watchAbort?.abort();
  }

  async stop(): Promise<void> {
    clearInterval(this.resyncTimer);
    this.controller.abort();
    this.watchAbort?.abort();
    await this.running;
  }

  status(): KindSyncStatus {
    return { kind: this.kind, ...this.state };
  }

  private get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.relistWanted || this.resourceVersion === undefined) await this.relist();
        await this.watchFromLast();
        this.backoff.reset();
      } catch (error) {
        if (this.stopped) break;
        if (isGone(error)) {
          this.relistWanted = true;
          continue;
        }
        if (this.relistWanted) continue;
        this.state.error = describe(error);
        this.state.synced = false;
        await sleep(this.backoff.next(), this.controller.signal);
      }
    }
  }

  private async relist(): Promise<void> {
    this.state.synced = false;
    this.relistWanted = false;
    this.resourceVersion = undefined;
    const syncId = this.options.newSyncId?.() ?? newSyncId();
    await this.sink.marker(this.kind, { syncId, phase: 'started' });
    let count = 0;
    let listRv: string | undefined;
    let token: string | undefined;
    do {
      const page = await this.source.list(this.kind, this.options.pageSize, token, this.controller.signal);
      listRv ??= page.resourceVersion;
      const changes = page.items.flatMap((item) => this.toChange('upsert', item, syncId));
      if (changes.length > 0) await this.sink.changes(this.kind, changes);
      count += changes.length;
      token = page.continue || undefined;
    } while (token !== undefined && !this.stopped);
    if (this.stopped) return;
    await this.sink.marker(this.kind, { syncId, phase: 'completed', resourceVersion: listRv, count });
    this.resourceVersion = listRv;
    this.state.syncId = syncId;
    this.state.objects = count;
    this.state.lastSyncAt = this.now();
    this.state.error = undefined;
    this.backoff.reset();
  }

  private async watchFromLast(): Promise<void> {
    if (this.stopped || this.relistWanted || this.resourceVersion === undefined) return;
    const abort = new AbortController();
    this.watchAbort = abort;
    let failure: unknown;
    const batcher = new ChangeBatcher(
      { flushMs: this.options.batchFlushMs, maxChanges: this.options.batchMaxChanges },
      (changes) => this.sink.changes(this.kind, changes),
      (error) => {
        // A lost batch is only repaired by listing again.
        failure = error;
        this.relistWanted = true;
        abort.abort();
      },
    );
    this.state.synced = true;
    try {
      await this.source.watch(
        this.kind,
        this.resourceVersion,
        (event) => this.onWatchEvent(event, batcher),
        AbortSignal.any([abort.signal, this.controller.signal]),
      );
    } catch (error) {
      if (!abort.signal.aborted && !this.stopped) failure = error;
    } finally {
      this.watchAbort = undefined;
      if (this.relistWanted || this.stopped) batcher.discard();
      else await batcher.flush();
    }
    if (failure !== undefined && !this.relistWanted) throw failure;
  }

  private onWatchEvent(event: WatchEvent, batcher: ChangeBatcher): void {
    const rv = resourceVersionOf(event.object);
    switch (event.type) {
      case 'BOOKMARK':
        break;
      case 'ADDED':
      case 'MODIFIED':
        for (const change of this.toChange('upsert', event.object)) batcher.add(change);
        this.state.lastEventAt = this.now();
        break;
      case 'DELETED':
        for (const change of this.toChange('delete', event.object)) batcher.add(change);
        this.state.lastEventAt = this.now();
        break;
      default:
        return;
    }
    if (rv) this.resourceVersion = rv;
  }

  private toChange(
    type: 'upsert' | 'delete',
    item: Record<string, unknown>,
    syncId?: string,
  ): ResourceChange[] {
    const meta = item.metadata as Record<string, unknown> | undefined;
    const uid = meta?.uid;
    const name = meta?.name;
    const rv = meta?.resourceVersion;
    if (typeof uid !== 'string' || typeof name !== 'string' || typeof rv !== 'string' || !uid || !name || !rv)
      return [];
    const namespace = typeof meta?.namespace === 'string' && meta.namespace ? meta.namespace : undefined;
    const change: ResourceChange = {
      type,
      uid,
      name,
      resourceVersion: rv,
      ...(namespace && { namespace }),
      ...(type === 'upsert' && {
        object: redactObject(this.kind, withTypeMeta(this.kind, item), this.options),
      }),
      ...(syncId && { syncId }),
    };
    this.options.onChange?.(change);
    return [change];
  }

  private now(): Date {
    return (this.options.clock ?? systemClock).now();
  }
}

/**
 * Sync ids as the contract wants (`<13-digit epoch ms>-<random>`, ordered by their text), made so that of
 * two ids one process makes, the later is always the newer: `<ms>-<sequence>-<uuid>`, where the time never
 * goes back and the zero-padded sequence orders ids of the same millisecond. With `<ms>-<uuid>` two relists
 * of a kind within one millisecond (or across a clock stepped back) ordered at random, and the inventory
 * took the later list for the older one: the kind was never committed, the cluster stayed SYNCING.
 */
export class SyncIds {
  private lastMs = 0;
  private sequence = 0;

  constructor(private readonly nowMs: () => number = Date.now) {}

  next(): string {
    this.lastMs = Math.max(this.nowMs(), this.lastMs);
    this.sequence += 1;
    return `${this.lastMs}-${String(this.sequence).padStart(10, '0')}-${randomUUID()}`;
  }

  /**
   * Every id made from now on is newer than `syncId` (one made elsewhere, e.g. by the replica that held a
   * cluster before, whose clock may be ahead of ours): the time part moves past it if needed. An id
   * without the time prefix changes nothing.
   */
  notBefore(syncId: string): void {
    const ms = syncIdMillis(syncId);
    if (ms !== undefined) this.lastMs = Math.max(this.lastMs, ms + 1);
  }
}

const processSyncIds = new SyncIds();

/** Every sync id this process makes from now on is newer than `syncId` (SyncIds.notBefore). */
export function syncIdsAfter(syncId: string): void {
  processSyncIds.notBefore(syncId);
}

/** A new sync id, newer than every one this process made before (SyncIds). */
export function newSyncId(): string {
  return processSyncIds.next();
}

/** List items come without apiVersion/kind; consumers get complete objects. */
function withTypeMeta(kind: ResourceKind, item: Record<string, unknown>): Record<string, unknown> {
  const apiVersion = kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
  return { apiVersion, kind: kind.kind, ...item };
}

function resourceVersionOf(object: Record<string, unknown>): string | undefined {
  const rv = (object.metadata as Record<string, unknown> | undefined)?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
