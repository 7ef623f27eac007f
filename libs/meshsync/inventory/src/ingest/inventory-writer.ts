import type { ResourceChanges, SyncMarker } from '@meshplane/contracts';
import { withTenant } from '@meshplane/database';
import { PermanentError } from '@meshplane/messaging';
import type { Clock } from '@meshplane/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { changeRows, type ChangeRow } from './change-rows.js';
import { ChangeStaging, stagingCopyData } from './change-staging.js';
import {
  ADD_STAGED_TO_PENDING_SQL,
  ADD_TO_PENDING_SQL,
  LOCK_KIND_SQL,
  LOCK_KINDS_SHARED_SQL,
  MARK_RECONCILED_SQL,
  NEWER_COMPLETED_SYNC_SQL,
  PENDING_SYNC_SQL,
  RECORD_SYNC_SQL,
  SET_PENDING_STORED_SQL,
  SET_PENDING_SYNC_SQL,
  TOMBSTONE_UNSYNCED_SQL,
  UPSERT_CHANGES_SQL,
} from './inventory-write.sql.js';
import { resourceVersionNumber } from './resource-version.js';

export type SyncOutcome =
  | { phase: 'started' }
  | { phase: 'completed'; tombstoned: number }
  /** Recorded as pending: reconciled when the write that stores its last object commits. */
  | { phase: 'pending'; stored: number; expected: number }
  /**
   * A newer sync of the same cluster and kind was seen first (for a `completed` marker: a newer sync that
   * also completed): this marker changes nothing.
   */
  | { phase: 'superseded'; newerSyncId: string };

/** One cluster and kind of one organization: the unit syncs reconcile and the advisory lock covers. */
type KindKey = readonly [orgId: string, clusterId: string, apiGroup: string, kind: string];

interface PendingSync {
  pending_sync_id: string;
  pending_count: number;
  pending_list_rv: string | null;
  pending_at: Date;
  stored: number;
}

/** A kind whose pending sync a write stored objects of. */
interface PendingProgress {
  cluster_id: string;
  api_group: string;
  kind: string;
  /** Its upper bound of stored objects reached the sync's count (or is unknown): worth counting. */
  maybe_complete: boolean;
}

/** Writes discovery's events into the inventory, each call in one transaction of the event's tenant. */
export class InventoryWriter {
  private readonly staging = new ChangeStaging();

  constructor(
    private readonly dataSource: DataSource,
    /** The commit time stored as first seen, updated and deleted at. */
    private readonly clock: Clock,
  ) {}

  /**
   * Stores several change batches of one organization at once; safe to repeat. When the batches carried
   * objects of a completed sync still pending, reconciles it once all its objects are stored: before this
   * resolves, so the batches are acked only after (a crash in between redelivers them, and the check runs
   * again). The kind's rows are counted only when the sync may be complete (KindSyncEntity.pendingStored):
   * counting after every page of a large sync cost the database a quarter of its ingest time.
   */
  async storeChanges(orgId: string, batches: readonly ResourceChanges[]): Promise<void> {
    const rows = changeRows(batches);
    if (rows.length === 0) return;
    const data = stagingCopyData(rows);
    const lockKeys = kindLockKeys(orgId, rows);
    const progress = await withTenant(this.dataSource, orgId, async (manager) => {
      // Before the upsert statement, so its snapshot already sees any reconcile that held the lock first.
      await manager.query(LOCK_KINDS_SHARED_SQL, [lockKeys]);
      return this.staging.staged(manager, data, async () => {
        await manager.query(UPSERT_CHANGES_SQL, [orgId, this.clock.now().toISOString()]);
        return updatedRows<PendingProgress>(await manager.query(ADD_STAGED_TO_PENDING_SQL, [orgId]));
      });
    });
    for (const kind of progress) {
      if (!kind.maybe_complete) continue;
      const key: KindKey = [orgId, kind.cluster_id, kind.api_group, kind.kind];
      await this.underKindLock(key, (manager) => this.reconcileLocked(manager, key));
    }
  }

  /**
   * Records the sync as seen (the newest per cluster and kind wins). `started`: nothing more (a marker of a
   * sync older than the newest seen answers `superseded`). `completed`: records the completion durably, then
   * reconciles at once if every object the sync listed is stored; otherwise the write that stores the last
   * of them does (`pending`), however long that takes — no redelivery limit is involved. A completed sync is
   * superseded only by a newer *completed* one (pending or reconciled): a newer sync that only started may
   * be abandoned (its lister stopped, its lease moved), and the completed one is then the kind's latest
   * complete list, the one discovery reports. Safe to repeat.
   */
  async applySyncMarker(marker: SyncMarker): Promise<SyncOutcome> {
    // Its own transaction: the newest sync is known even if the rest fails.
    const newest = await this.recordSync(marker);
    if (marker.phase === 'started') {
      return newest === marker.syncId ? { phase: 'started' } : { phase: 'superseded', newerSyncId: newest };
    }
    // Without a count we cannot tell a finished sync from one still arriving: tombstoning would be a guess.
    const expected = marker.count;
    if (expected === undefined) throw new PermanentError(`sync ${marker.syncId} completed without a count`);
    const key: KindKey = [marker.orgId, marker.clusterId, marker.kind.group, marker.kind.kind];
    const listRv = marker.resourceVersion ? resourceVersionNumber(marker.resourceVersion) : null;
    // Only the mark is written under the exclusive lock, and committed before counting: a writer that held
    // the lock first has committed and is counted below; one that gets it after sees the pending sync and
    // checks itself. Counting the sync's rows under the lock stalled every writer of the kind meanwhile.
    const [recorded] = updatedRows<{ pending_sync_id: string }>(
      await this.underKindLock(key, (manager) =>
        manager.query(SET_PENDING_SYNC_SQL, [...key, marker.syncId, expected, listRv, marker.at]),
      ),
    );
    if (recorded === undefined) return this.notRecorded(key, marker.syncId);
    // Nothing pending: this sync was reconciled already (a redelivered marker).
    return (await this.countAndReconcile(key)) ?? { phase: 'completed', tombstoned: 0 };
  }

  /**
   * Why a completed marker was not recorded as pending: this sync was reconciled already (a redelivered
   * marker), or a newer completed sync is pending or reconciled (`superseded`).
   */
  private async notRecorded(key: KindKey, syncId: string): Promise<SyncOutcome> {
    const rows = (await withTenant(this.dataSource, key[0], (manager) =>
      manager.query(NEWER_COMPLETED_SYNC_SQL, [...key, syncId]),
    )) as { newer_sync_id: string }[];
    const newer = rows[0]?.newer_sync_id;
    return newer === undefined
      ? { phase: 'completed', tombstoned: 0 }
      : { phase: 'superseded', newerSyncId: newer };
  }

  /**
   * Counts the pending sync's stored objects without the lock and adds them to its upper bound (which the
   * marker reset to 0 under the lock: writers that committed before are in this count, later ones add
   * their own rows; one that committed in between counts twice, which only costs an exact count later).
   * Reconciles if it may be complete. Undefined: nothing pending.
   */
  private async countAndReconcile(key: KindKey): Promise<SyncOutcome | undefined> {
    const pending = await this.pendingSync(key);
    if (pending === undefined) return undefined;
    const [progress] = updatedRows<{ maybe_complete: boolean }>(
      await withTenant(this.dataSource, key[0], (manager) =>
        manager.query(ADD_TO_PENDING_SQL, [...key, pending.pending_sync_id, pending.stored]),
      ),
    );
    // No row: reconciled (or replaced by a newer sync) since it was read.
    if (progress === undefined) return undefined;
    if (!progress.maybe_complete) {
      return { phase: 'pending', stored: pending.stored, expected: pending.pending_count };
    }
    return this.underKindLock(key, (manager) => this.reconcileLocked(manager, key));
  }

  private async pendingSync(key: KindKey): Promise<PendingSync | undefined> {
    const rows = (await withTenant(this.dataSource, key[0], (manager) =>
      manager.query(PENDING_SYNC_SQL, [...key]),
    )) as PendingSync[];
    return rows[0];
  }

  /**
   * One transaction holding the kind's exclusive lock: no writer's statement straddles the mark and the
   * tombstoning (see LOCK_KINDS_SHARED_SQL).
   */
  private underKindLock<T>(key: KindKey, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, key[0], async (manager) => {
      await manager.query(LOCK_KIND_SQL, [kindLockKey(...key)]);
      return work(manager);
    });
  }

  /**
   * Under the kind's exclusive lock: if the pending sync's objects are all stored, marks it reconciled and
   * tombstones what it did not list; if not, makes its upper bound exact (no writer is in flight). Rows of
   * a newer sync are never touched (the sync-id guard).
   */
  private async reconcileLocked(manager: EntityManager, key: KindKey): Promise<SyncOutcome | undefined> {
    const rows = (await manager.query(PENDING_SYNC_SQL, [...key])) as PendingSync[];
    const pending = rows[0];
    if (pending === undefined) return undefined;
    if (pending.stored < pending.pending_count) {
      await manager.query(SET_PENDING_STORED_SQL, [...key, pending.pending_sync_id, pending.stored]);
      return { phase: 'pending', stored: pending.stored, expected: pending.pending_count };
    }
    const { pending_sync_id: syncId, pending_list_rv: listRv } = pending;
    await manager.query(MARK_RECONCILED_SQL, [...key, syncId, listRv]);
    const result = (await manager.query(TOMBSTONE_UNSYNCED_SQL, [
      ...key,
      syncId,
      listRv,
      pending.pending_at,
    ])) as { tombstoned: number }[];
    return { phase: 'completed', tombstoned: result[0]?.tombstoned ?? 0 };
  }

  /** The newest sync id known for the marker's cluster and kind, once the marker's own is recorded. */
  private async recordSync(marker: SyncMarker): Promise<string> {
    const params = [
      marker.orgId,
      marker.clusterId,
      marker.kind.group,
      marker.kind.kind,
      marker.syncId,
      marker.at,
    ];
    const rows = (await withTenant(this.dataSource, marker.orgId, (manager) =>
      manager.query(RECORD_SYNC_SQL, params),
    )) as { newest_sync_id: string }[];
    return rows[0]?.newest_sync_id ?? marker.syncId;
  }
}

/** The rows of an `UPDATE … RETURNING` through TypeORM, which answers `[rows, count]` for updates. */
function updatedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** The advisory-lock key of one cluster and kind (see LOCK_KINDS_SHARED_SQL). */
function kindLockKey(orgId: string, clusterId: string, apiGroup: string, kind: string): string {
  return `${orgId.toLowerCase()}/${clusterId.toLowerCase()}/${apiGroup}/${kind}`;
}

/** The distinct lock keys of the kinds a group of rows touches, sorted. */
function kindLockKeys(orgId: string, rows: readonly ChangeRow[]): string[] {
  const keys = new Set(rows.map((row) => kindLockKey(orgId, row.cluster_id, row.api_group, row.kind)));
  return [...keys].sort();
}
