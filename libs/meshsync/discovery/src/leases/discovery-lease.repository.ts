import type { DataSource } from 'typeorm';
import { withTenant } from '@meshplane/database';
import type { StoredClusterStatus } from '../status/stored-cluster-status.js';

export interface HeldLease {
  orgId: string;
  clusterId: string;
}

export interface RenewedLease {
  clusterId: string;
  resyncRequestedAt: Date | null;
}

export interface LeaseRow {
  orgId: string;
  clusterId: string;
  holder: string;
  expiresAt: Date;
  resyncRequestedAt: Date | null;
  syncStatus: StoredClusterStatus | null;
  statusUpdatedAt: Date | null;
}

const TABLE = 'meshsync_ingest.discovery_leases';
const REPLICAS = 'meshsync_ingest.discovery_replicas';

/** Discovery's Postgres: lease rows under the tenant's RLS, the replica heartbeat, one cross-tenant id scan. */
export class DiscoveryLeaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  async heartbeat(instanceId: string, ttlMs: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${REPLICAS} (instance_id, expires_at) VALUES ($1, now() + make_interval(secs => $2::double precision / 1000))
       ON CONFLICT (instance_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
      [instanceId, ttlMs],
    );
    // Rows of replicas long gone would otherwise pile up; an hour is far past any lease.
    await this.dataSource.query(`DELETE FROM ${REPLICAS} WHERE expires_at < now() - interval '1 hour'`);
  }

  async leaveReplicas(instanceId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${REPLICAS} WHERE instance_id = $1`, [instanceId]);
  }

  async liveReplicaCount(): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${REPLICAS} WHERE expires_at > now()`,
    );
    return rows[0]?.n ?? 0;
  }

  /** Unexpired leases of every tenant, ids only (through the SECURITY DEFINER function). */
  async liveLeases(): Promise<Map<string, string>> {
    const rows: { cluster_id: string; holder: string }[] = await this.dataSource.query(
      `SELECT cluster_id, holder FROM meshsync_ingest.discovery_live_leases()`,
    );
    return new Map(rows.map((r) => [r.cluster_id, r.holder]));
  }

  /** Takes the lease when it is free, expired or already ours; returns whether we hold it now. */
  async acquire(lease: HeldLease, holder: string, ttlMs: number): Promise<RenewedLease | undefined> {
    return withTenant(this.dataSource, lease.orgId, async (manager) => {
      const rows: { cluster_id: string; resync_requested_at: Date | null }[] = await manager.query(
        `INSERT INTO ${TABLE} AS l (cluster_id, org_id, holder, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4::double precision / 1000))
         ON CONFLICT (cluster_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
          WHERE l.expires_at <= now() OR l.holder = EXCLUDED.holder
         RETURNING cluster_id, resync_requested_at`,
        [lease.clusterId, lease.orgId, holder, ttlMs],
      );
      const row = rows[0];
      return row && { clusterId: row.cluster_id, resyncRequestedAt: row.resync_requested_at };
    });
  }

  /**
   * Extends our leases of one tenant and stores their sync state; returns those still ours (a lease that
   * expired and was taken over is missing: its watchers must stop).
   */
  async renew(
    orgId: string,
    holder: string,
    ttlMs: number,
    leases: { clusterId: string; status: StoredClusterStatus }[],
  ): Promise<RenewedLease[]> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const rows = updatedRows<{ cluster_id: string; resync_requested_at: Date | null }>(
        await manager.query(
          `UPDATE ${TABLE} AS l
            SET expires_at = now() + make_interval(secs => $2::double precision / 1000),
                sync_status = v.status, status_updated_at = now()
           FROM jsonb_to_recordset($3::jsonb) AS v(cluster_id uuid, status jsonb)
          WHERE l.cluster_id = v.cluster_id AND l.holder = $1 AND l.expires_at > now()
         RETURNING l.cluster_id, l.resync_requested_at`,
          [holder, ttlMs, JSON.stringify(leases.map((l) => ({ cluster_id: l.clusterId, status: l.status })))],
        ),
      );
      return rows.map((r) => ({ clusterId: r.cluster_id, resyncRequestedAt: r.resync_requested_at }));
    });
  }

  /** Gives leases up at once (expired now) so another replica need not wait for the TTL. */
  async release(orgId: string, holder: string, clusterIds: string[]): Promise<void> {
    if (clusterIds.length === 0) return;
    await withTenant(this.dataSource, orgId, (manager) =>
      manager.query(
        `UPDATE ${TABLE} SET expires_at = now() WHERE holder = $1 AND cluster_id = ANY($2::uuid[])`,
        [holder, clusterIds],
      ),
    );
  }

  /** Flags the cluster for an immediate relist by its holder; false when no lease row (not synced yet). */
  async requestResync(orgId: string, clusterId: string): Promise<boolean> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const rows = updatedRows(
        await manager.query(
          `UPDATE ${TABLE} SET resync_requested_at = clock_timestamp() WHERE cluster_id = $1 RETURNING cluster_id`,
          [clusterId],
        ),
      );
      return rows.length > 0;
    });
  }

  async find(orgId: string, clusterId: string): Promise<LeaseRow | undefined> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const rows: {
        org_id: string;
        cluster_id: string;
        holder: string;
        expires_at: Date;
        resync_requested_at: Date | null;
        sync_status: StoredClusterStatus | null;
        status_updated_at: Date | null;
      }[] = await manager.query(`SELECT * FROM ${TABLE} WHERE cluster_id = $1`, [clusterId]);
      const row = rows[0];
      return (
        row && {
          orgId: row.org_id,
          clusterId: row.cluster_id,
          holder: row.holder,
          expiresAt: row.expires_at,
          resyncRequestedAt: row.resync_requested_at,
          syncStatus: row.sync_status,
          statusUpdatedAt: row.status_updated_at,
        }
      );
    });
  }
}

/** TypeORM's Postgres driver answers an UPDATE … RETURNING with `[rows, affected]`, an INSERT or SELECT with rows. */
function updatedRows<T = unknown>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
