import { Inject, Injectable } from '@nestjs/common';
import { KindSyncLedger } from '@meshplane/meshsync-inventory';
import { Clock } from '@meshplane/runtime';
import { DiscoveryLeaseRepository } from '../leases/discovery-lease.repository.js';
import { DiscoveryRuntime } from '../leases/discovery.runtime.js';
import { confirmCommitted, type CommittedClusterStatus } from './committed-status.js';
import { toStoredStatus, type StoredClusterStatus } from './stored-cluster-status.js';

export interface ClusterSyncReport extends CommittedClusterStatus {
  clusterId: string;
  /** Whether a replica holds the cluster's lease now (its watchers run). */
  active: boolean;
  /** When the state was observed: now for this replica's own clusters, the holder's last renewal otherwise. */
  observedAt: Date;
}

/**
 * Per-cluster sync state for GraphQL and operators, answered by any replica: live for the clusters this
 * replica holds, from the holder's last lease renewal (at most a renew period old) for the others; in both
 * cases confirmed against what the inventory has committed, so `synced` means the inventory is complete.
 */
@Injectable()
export class DiscoveryStatusService {
  constructor(
    @Inject(DiscoveryLeaseRepository) private readonly leases: DiscoveryLeaseRepository,
    @Inject(DiscoveryRuntime) private readonly runtime: DiscoveryRuntime,
    @Inject(KindSyncLedger) private readonly ledger: KindSyncLedger,
    private readonly clock: Clock,
  ) {}

  async clusterSyncStatus(orgId: string, clusterId: string): Promise<ClusterSyncReport | undefined> {
    const observed = await this.observe(orgId, clusterId);
    if (!observed) return undefined;
    // Read after discovery's view: a sync committed in between only makes the answer more complete.
    const committed = await this.ledger.committedSyncs(orgId, clusterId);
    const { status, ...meta } = observed;
    return { clusterId, ...meta, ...confirmCommitted(status, committed) };
  }

  /**
   * Asks the cluster's holder, whichever replica it is, to relist every kind (it sees the flag at its next
   * renewal). False when discovery has no lease row for the cluster in this organization.
   */
  requestResync(orgId: string, clusterId: string): Promise<boolean> {
    return this.leases.requestResync(orgId, clusterId);
  }

  private async observe(
    orgId: string,
    clusterId: string,
  ): Promise<{ status: StoredClusterStatus; active: boolean; observedAt: Date } | undefined> {
    const local = this.runtime.localStatus(clusterId);
    if (local && local.orgId === orgId)
      return { status: toStoredStatus(local), active: true, observedAt: this.clock.now() };
    const row = await this.leases.find(orgId, clusterId);
    if (!row?.syncStatus) return undefined;
    return {
      status: row.syncStatus,
      active: row.expiresAt.getTime() > this.clock.nowMs(),
      observedAt: row.statusUpdatedAt ?? row.expiresAt,
    };
  }
}
