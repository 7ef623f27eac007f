import type { ResourceChanges, SyncMarker } from '@meshplane/contracts';
import { withTenant } from '@meshplane/database';
import { PermanentError } from '@meshplane/messaging';
import type { DataSource } from 'typeorm';
import { changeRows, type ChangeRow } from './change-rows.js';
import {
  COUNT_SYNCED_SQL,
  LOCK_KIND_SQL,
  LOCK_KINDS_SHARED_SQL,
  MARK_RECONCILED_SQL,
  RECORD_SYNC_SQL,
  TOMBSTONE_UNSYNCED_SQL,
  UPSERT_CHANGES_SQL,
} from './inventory-write.sql.js';
import { resourceVersionNumber } from './resource-version.js';

/** A completed sync whose objects are not all stored yet: retried shortly (the consumer naks it). */
export class SyncNotYetStoredError extends Error {
  constructor(syncId: string, stored: number, expected: number) {
    super(`sync ${syncId}: ${stored} of ${expected} objects stored so far`);
    this.name = 'SyncNotYetStoredError';
  }
}

export type SyncOutcome =
  | { phase: 'started' }
  | { phase: 'completed'; tombstoned: number }
  /** A newer sync of the same cluster and kind was seen first: this marker changes nothing. */
  | { phase: 'superseded'; newerSyncId: string };

/** Writes discovery's events into the inventory, each call in one transaction of the event's tenant. */
export class InventoryWriter {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores several change batches of one organization at once; safe to repeat. */
  async storeChanges(orgId: string, batches: readonly ResourceChanges[]): Promise<void> {
    const rows = changeRows(batches);
    if (rows.length === 0) return;
    await withTenant(this.dataSource, orgId, async (manager) => {
      // Before the upsert statement, so its snapshot already sees any reconcile that held the lock first.
      await manager.query(LOCK_KINDS_SHARED_SQL, [kindLockKeys(orgId, rows)]);
      await manager.query(UPSERT_CHANGES_SQL, [JSON.stringify(rows), orgId, new Date().toISOString()]);
    });
  }

  /**
   * Records the sync as seen (the newest per cluster and kind wins); a marker of an older sync is
   * superseded. `completed`: once every object the sync listed is stored, tombstones what it did not
   * list. Throws SyncNotYetStoredError while objects are still on their way. Safe to repeat.
   */
  async applySyncMarker(marker: SyncMarker): Promise<SyncOutcome> {
    // Its own transaction: a completed marker still waiting for its objects must not roll this back.
    const newest = await this.recordSync(marker);
    if (newest !== marker.syncId) return { phase: 'superseded', newerSyncId: newest };
    if (marker.phase === 'started') return { phase: 'started' };
    // Without a count we cannot tell a finished sync from one still arriving: tombstoning would be a guess.
    const expected = marker.count;
    if (expected === undefined) throw new PermanentError(`sync ${marker.syncId} completed without a count`);
    const kindKey = [marker.orgId, marker.clusterId, marker.kind.group, marker.kind.kind] as const;
    const counted = (await withTenant(this.dataSource, marker.orgId, (manager) =>
      manager.query(COUNT_SYNCED_SQL, [...kindKey, marker.syncId]),
    )) as { stored: number }[];
    const stored = counted[0]?.stored ?? 0;
    if (stored < expected) throw new SyncNotYetStoredError(marker.syncId, stored, expected);
    const listRv = marker.resourceVersion ? resourceVersionNumber(marker.resourceVersion) : null;
    // One transaction under the kind's exclusive lock: no writer's statement straddles the mark and the
    // tombstoning (see LOCK_KINDS_SHARED_SQL). Rows of a newer sync are never touched (the sync-id guard).
    const result = (await withTenant(this.dataSource, marker.orgId, async (manager) => {
      await manager.query(LOCK_KIND_SQL, [
        kindLockKey(marker.orgId, marker.clusterId, marker.kind.group, marker.kind.kind),
      ]);
      await manager.query(MARK_RECONCILED_SQL, [...kindKey, marker.syncId, listRv]);
      return manager.query(TOMBSTONE_UNSYNCED_SQL, [...kindKey, marker.syncId, listRv, marker.at]);
    })) as { tombstoned: number }[];
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

/** The advisory-lock key of one cluster and kind (see LOCK_KINDS_SHARED_SQL). */
function kindLockKey(orgId: string, clusterId: string, apiGroup: string, kind: string): string {
  return `${orgId.toLowerCase()}/${clusterId.toLowerCase()}/${apiGroup}/${kind}`;
}

/** The distinct lock keys of the kinds a group of rows touches, sorted. */
function kindLockKeys(orgId: string, rows: readonly ChangeRow[]): string[] {
  const keys = new Set(rows.map((row) => kindLockKey(orgId, row.cluster_id, row.api_group, row.kind)));
  return [...keys].sort();
}
