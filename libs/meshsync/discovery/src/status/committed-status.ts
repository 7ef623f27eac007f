import { includesSync, type CommittedSync } from '@meshplane/meshsync-inventory';
import { kindKey } from '../kinds/kind-catalogue.js';
import type { StoredClusterStatus, StoredKindStatus } from './stored-cluster-status.js';

export interface CommittedKindStatus extends StoredKindStatus {
  /** The inventory has stored every object of the kind's last completed list (or of a newer one). */
  committed: boolean;
}

/** Discovery's view of a cluster confirmed against what the inventory has committed. */
export interface CommittedClusterStatus extends Omit<StoredClusterStatus, 'kinds' | 'kindSetPending'> {
  kindSetPending: boolean;
  kindsCommitted: number;
  /** `group/Kind` (`core/Kind` for the core group) of every kind not yet both listed and committed. */
  pendingKinds: string[];
  objectsListed: number;
  objectsCommitted: number;
  kinds: CommittedKindStatus[];
}

/**
 * `synced` only when the picture in the inventory is complete: the set of kinds is final (CRD kinds
 * included) and every kind's last full list is committed there. Discovery having published is not enough:
 * the inventory stores pages and markers asynchronously. Until then the phase is `syncing` with what is
 * still pending.
 */
export function confirmCommitted(
  status: StoredClusterStatus,
  committed: readonly CommittedSync[],
): CommittedClusterStatus {
  const committedByKind = new Map(committed.map((c) => [kindKey(c.group, c.kind), c.syncId]));
  const kinds = status.kinds.map((k) => ({
    ...k,
    committed:
      k.syncId !== undefined && includesSync(committedByKind.get(kindKey(k.group, k.kind)), k.syncId),
  }));
  const pending = kinds.filter((k) => !k.synced || !k.committed);
  const kindSetPending = status.kindSetPending ?? false;
  const complete = pending.length === 0 && !kindSetPending;
  return {
    ...status,
    phase: status.phase === 'synced' && !complete ? 'syncing' : status.phase,
    kindSetPending,
    kindsCommitted: kinds.filter((k) => k.committed).length,
    pendingKinds: pending.map((k) => `${k.group === '' ? 'core' : k.group}/${k.kind}`),
    objectsListed: sum(kinds.map((k) => k.objects)),
    objectsCommitted: sum(kinds.filter((k) => k.committed).map((k) => k.objects)),
    kinds,
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
