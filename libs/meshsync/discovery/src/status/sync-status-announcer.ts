import { MAX_PENDING_KINDS_LISTED, type ClusterSyncStatusPayload } from '@meshplane/contracts';
import type { KindSyncLedger } from '@meshplane/meshsync-inventory';
import type { Clock } from '@meshplane/runtime';
import type { ClusterRef } from '../publish/jetstream-change.sink.js';
import { confirmCommitted } from './committed-status.js';
import type { StoredClusterStatus } from './stored-cluster-status.js';

/**
 * Publishes a held cluster's sync status, confirmed against the inventory like the GraphQL answer, when
 * it changed since the last announcement (the holder calls it after each lease renewal, so a change is
 * announced within one renew period). `SYNCED` is announced only once the inventory holds every kind.
 */
export class SyncStatusAnnouncer {
  constructor(
    private readonly ledger: Pick<KindSyncLedger, 'committedSyncs'>,
    private readonly publish: (payload: ClusterSyncStatusPayload) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  /** Returns what was announced last (`previous` when nothing changed); throws when publishing fails. */
  async announce(cluster: ClusterRef, status: StoredClusterStatus, previous?: string): Promise<string> {
    const committed = await this.ledger.committedSyncs(cluster.orgId, cluster.clusterId);
    const confirmed = confirmCommitted(status, committed);
    const signature = [
      confirmed.phase,
      confirmed.kindSetPending,
      confirmed.kindsTotal,
      confirmed.kindsSynced,
      confirmed.kindsCommitted,
      confirmed.error ?? '',
    ].join('|');
    if (signature === previous) return signature;
    await this.publish({
      orgId: cluster.orgId,
      clusterId: cluster.clusterId,
      phase: confirmed.phase,
      kindsTotal: confirmed.kindsTotal,
      kindsSynced: confirmed.kindsSynced,
      kindsCommitted: confirmed.kindsCommitted,
      kindSetPending: confirmed.kindSetPending,
      pendingKinds: confirmed.pendingKinds.slice(0, MAX_PENDING_KINDS_LISTED),
      objectsListed: confirmed.objectsListed,
      objectsCommitted: confirmed.objectsCommitted,
      ...(confirmed.error && { error: confirmed.error }),
      at: this.clock.now().toISOString(),
    });
    return signature;
  }
}
