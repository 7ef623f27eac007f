import type { ClusterSyncStatus } from '../sync/cluster-sync.js';

/** A cluster's sync state as the holder stores it in its lease row (JSON: dates as ISO strings). */
export interface StoredClusterStatus {
  phase: ClusterSyncStatus['phase'];
  kindsTotal: number;
  kindsSynced: number;
  /** Absent in rows written before it existed. */
  kindSetPending?: boolean;
  lastEventAt?: string;
  error?: string;
  kinds: StoredKindStatus[];
}

export interface StoredKindStatus {
  group: string;
  version: string;
  kind: string;
  synced: boolean;
  objects: number;
  syncId?: string;
  lastSyncAt?: string;
  lastEventAt?: string;
  error?: string;
}

export function toStoredStatus(status: ClusterSyncStatus): StoredClusterStatus {
  return {
    phase: status.phase,
    kindsTotal: status.kindsTotal,
    kindsSynced: status.kindsSynced,
    kindSetPending: status.kindSetPending,
    ...(status.lastEventAt && { lastEventAt: status.lastEventAt.toISOString() }),
    ...(status.error && { error: status.error }),
    kinds: status.kinds.map((k) => ({
      group: k.kind.group,
      version: k.kind.version,
      kind: k.kind.kind,
      synced: k.synced,
      objects: k.objects,
      ...(k.syncId && { syncId: k.syncId }),
      ...(k.lastSyncAt && { lastSyncAt: k.lastSyncAt.toISOString() }),
      ...(k.lastEventAt && { lastEventAt: k.lastEventAt.toISOString() }),
      ...(k.error && { error: k.error }),
    })),
  };
}
