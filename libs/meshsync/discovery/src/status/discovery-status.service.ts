import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryLeaseRepository } from '../leases/discovery-lease.repository.js';
import { DiscoveryRuntime } from '../leases/discovery.runtime.js';
import { toStoredStatus, type StoredClusterStatus } from './stored-cluster-status.js';

export interface ClusterSyncReport extends StoredClusterStatus {
  clusterId: string;
  /** Whether a replica holds the cluster's lease now (its watchers run). */
  active: boolean;
  /** When the state was observed: now for this replica's own clusters, the holder's last renewal otherwise. */
  observedAt: Date;
}

/**
 * Per-cluster sync state for GraphQL and operators, answered by any replica: live for the clusters this
 * replica holds, from the holder's last lease renewal (at most a renew period old) for the others.
 */
@Injectable()
export class DiscoveryStatusService {
  constructor(
    @Inject(DiscoveryLeaseRepository) private readonly leases: DiscoveryLeaseRepository,
    @Inject(DiscoveryRuntime) private readonly runtime: DiscoveryRuntime,
  ) {}

  async clusterSyncStatus(orgId: string, clusterId: string): Promise<ClusterSyncReport | undefined> {
    const local = this.runtime.localStatus(clusterId);
    if (local && local.orgId === orgId)
      return { clusterId, active: true, observedAt: new Date(), ...toStoredStatus(local) };
    const row = await this.leases.find(orgId, clusterId);
    if (!row?.syncStatus) return undefined;
    return {
      clusterId,
      active: row.expiresAt.getTime() > Date.now(),
      observedAt: row.statusUpdatedAt ?? row.expiresAt,
      ...row.syncStatus,
    };
  }

  /**
   * Asks the cluster's holder, whichever replica it is, to relist every kind (it sees the flag at its next
   * renewal). False when discovery has no lease row for the cluster in this organization.
   */
  requestResync(orgId: string, clusterId: string): Promise<boolean> {
    return this.leases.requestResync(orgId, clusterId);
  }
}
