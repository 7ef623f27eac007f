import { withTenant } from '@meshplane/database';
import type { DataSource } from 'typeorm';
import { isNewerSync, TIME_ORDERED_SQL } from '../ingest/sync-order.js';
import { INVENTORY_TABLES } from '../inventory.tables.js';

/** The newest sync of one kind of a cluster whose objects the inventory has all stored. */
export interface CommittedSync {
  group: string;
  kind: string;
  syncId: string;
}

/**
 * What the inventory has committed of each kind of a cluster, for whoever must not call a cluster synced
 * before its objects are queryable (discovery's sync status). A sync counts once its completed marker
 * found every object it listed stored (`kind_syncs.reconciled_sync_id`).
 */
export class KindSyncLedger {
  constructor(private readonly dataSource: DataSource) {}

  async committedSyncs(orgId: string, clusterId: string): Promise<CommittedSync[]> {
    return withTenant(this.dataSource, orgId, (manager) =>
      manager.query(
        `SELECT api_group AS "group", kind, reconciled_sync_id AS "syncId" FROM ${INVENTORY_TABLES.kindSyncs}
         WHERE org_id = $1::uuid AND cluster_id = $2::uuid AND reconciled_sync_id IS NOT NULL`,
        [orgId, clusterId],
      ),
    );
  }

  /**
   * The newest time-ordered sync id recorded for any kind of the cluster (started or completed, by whichever
   * replica listed it), or undefined: a replica taking the cluster over makes its ids newer than this.
   */
  async newestSyncId(orgId: string, clusterId: string): Promise<string | undefined> {
    const rows = (await withTenant(this.dataSource, orgId, (manager) =>
      manager.query(
        `SELECT max(newest_sync_id COLLATE "C") AS "newest" FROM ${INVENTORY_TABLES.kindSyncs}
         WHERE org_id = $1::uuid AND cluster_id = $2::uuid AND newest_sync_id ~ ${TIME_ORDERED_SQL}`,
        [orgId, clusterId],
      ),
    )) as { newest: string | null }[];
    return rows[0]?.newest ?? undefined;
  }
}

/** Whether a kind whose committed sync is `committed` has `syncId` stored: that sync or a newer one. */
export function includesSync(committed: string | undefined, syncId: string): boolean {
  return committed !== undefined && (committed === syncId || isNewerSync(committed, syncId));
}
