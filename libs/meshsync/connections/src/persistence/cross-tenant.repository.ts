import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceSchema } from '@meshplane/database';
import { Clock } from '@meshplane/runtime';
import { type ConnectedCluster, type ConnectionRef } from './connection-ref.js';

/**
 * The only queries that span tenants, each through a SECURITY DEFINER function of the migration that returns
 * ids: whatever the caller does next with a row happens inside `withTenant(orgId)`.
 */
@Injectable()
export class CrossTenantRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Leases up to `limit` connections whose ping is due (skipping rows another replica holds) and returns them.
   * Due and leased are judged at the Clock's now, the time every ping and lease is written with.
   */
  async claimDuePings(intervalMs: number, leaseMs: number, limit: number): Promise<ConnectionRef[]> {
    const rows = await this.dataSource.query<{ org_id: string; id: string }[]>(
      `SELECT org_id, id FROM ${this.fn('claim_due_connection_pings')}($1, $2, $3, $4)`,
      [this.clock.now(), intervalMs, leaseMs, limit],
    );
    return rows.map((row) => ({ orgId: row.org_id, connectionId: row.id }));
  }

  async connectedClusters(): Promise<ConnectedCluster[]> {
    const rows = await this.dataSource.query<{ org_id: string; cluster_id: string; connection_id: string }[]>(
      `SELECT org_id, cluster_id, connection_id FROM ${this.fn('connected_clusters')}()`,
    );
    return rows.map((row) => ({
      orgId: row.org_id,
      clusterId: row.cluster_id,
      connectionId: row.connection_id,
    }));
  }

  /** Connections holding credentials, by id after `after`: a resumable walk for key rotation. */
  async sealedConnectionsAfter(after: string | undefined, limit: number): Promise<ConnectionRef[]> {
    const rows = await this.dataSource.query<{ org_id: string; id: string }[]>(
      `SELECT org_id, id FROM ${this.fn('sealed_connections_after')}($1, $2)`,
      [after ?? null, limit],
    );
    return rows.map((row) => ({ orgId: row.org_id, connectionId: row.id }));
  }

  private fn(name: string): string {
    return `"${serviceSchema(this.dataSource)}"."${name}"`;
  }
}
