import { withTenant } from '@meshplane/database';
import { PermanentError } from '@meshplane/messaging';
import type { DataSource } from 'typeorm';

/**
 * Whether the cluster is visible to the organization: the connections feature's `clusters` table (same
 * service, same schema) under forced RLS with that organization as the tenant, so another organization's
 * cluster is simply not found.
 */
const CLUSTER_VISIBLE_SQL = `SELECT EXISTS (SELECT 1 FROM "meshsync_ingest"."clusters" WHERE id = $1::uuid) AS owned`;

/** How long a confirmed (organization, cluster) pair is trusted without asking the database again. */
const OWNED_TTL_MS = 60_000;
/** Confirmed pairs remembered at most; past it the memory starts over (a cache, never a gate). */
const MAX_REMEMBERED = 10_000;

/**
 * Refuses a DISCOVERY message whose cluster does not belong to the organization in its tenant header:
 * a publisher that may write for one organization must not place objects under another's cluster id.
 */
export class ClusterOwnership {
  private readonly confirmed = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when `orgId` owns `clusterId`; throws PermanentError (dead-letter, nothing written) when not. */
  async assertOwned(orgId: string, clusterId: string): Promise<void> {
    const key = `${orgId}/${clusterId.toLowerCase()}`;
    if ((this.confirmed.get(key) ?? 0) > this.now()) return;
    const rows = (await withTenant(this.dataSource, orgId, (manager) =>
      manager.query(CLUSTER_VISIBLE_SQL, [clusterId]),
    )) as { owned: boolean }[];
    if (rows[0]?.owned !== true) {
      throw new PermanentError(
        `CLUSTER_NOT_OWNED: cluster ${clusterId} does not belong to organization ${orgId} (the tenant header)`,
      );
    }
    if (this.confirmed.size >= MAX_REMEMBERED) this.confirmed.clear();
    this.confirmed.set(key, this.now() + OWNED_TTL_MS);
  }
}
