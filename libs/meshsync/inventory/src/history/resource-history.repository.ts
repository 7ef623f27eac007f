import { Injectable } from '@nestjs/common';
import { withTenant } from '@meshplane/database';
import { DataSource } from 'typeorm';
import { INVENTORY_FUNCTIONS, INVENTORY_TABLES } from '../inventory.tables.js';

/** Deletes of old resource history: which organizations have some, then short batches per organization. */
@Injectable()
export class ResourceHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The organizations holding history older than `cutoff` (the one cross-tenant question, a SECURITY DEFINER function). */
  async orgsWithHistoryBefore(cutoff: Date): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT org_id FROM ${INVENTORY_FUNCTIONS.historyOrgsBefore}($1::timestamptz) AS org_id`,
      [cutoff.toISOString()],
    )) as { org_id: string }[];
    return rows.map((row) => row.org_id);
  }

  /** Deletes at most `limit` of the organization's history rows older than `cutoff`, in its tenant; returns how many. */
  deleteBefore(orgId: string, cutoff: Date, limit: number): Promise<number> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const [result] = (await manager.query(
        `WITH doomed AS (
           SELECT ctid FROM ${INVENTORY_TABLES.resourceHistory}
           WHERE org_id = $1::uuid AND at < $2::timestamptz LIMIT $3::int
         ), gone AS (
           DELETE FROM ${INVENTORY_TABLES.resourceHistory} h USING doomed WHERE h.ctid = doomed.ctid
           RETURNING 1
         )
         SELECT count(*)::int AS deleted FROM gone`,
        [orgId, cutoff.toISOString(), limit],
      )) as { deleted: number }[];
      return result?.deleted ?? 0;
    });
  }
}
