import type { ResourceChanges } from '@meshplane/contracts';
import { compareResourceVersions, resourceVersionNumber } from './resource-version.js';
import { isNewerSync } from './sync-order.js';

/** One object's change as the upsert statement reads it (snake_case: the staging table's columns). */
export interface ChangeRow {
  cluster_id: string;
  uid: string;
  api_group: string;
  api_version: string;
  kind: string;
  namespace: string;
  name: string;
  resource_version: string;
  rv_num: string | null;
  labels: Record<string, string>;
  object: Record<string, unknown> | null;
  last_sync_id: string | null;
  /** The winning change came from a list (a sync), not a watch event: see the history rule in the README. */
  listed: boolean;
  /** Set for a delete: the tombstone's time. */
  deleted_at: string | null;
  observed_at: string;
}

/**
 * The rows one statement stores for several batches of one organization: one per object (an upsert may
 * touch a row only once), the newest version winning, a delete winning a tie. The newest sync id among
 * them is carried over to the winner, so a watch event overtaking a list page does not keep the object
 * out of its sync's count, and an old list page grouped with a newer one does not move the id back. Sorted by key, so concurrent writers lock rows in the same order.
 */
export function changeRows(batches: readonly ResourceChanges[]): ChangeRow[] {
  const byKey = new Map<string, ChangeRow>();
  for (const batch of batches) {
    for (const change of batch.changes) {
      const row = toRow(batch, change);
      const key = `${row.cluster_id}/${row.uid}`;
      const current = byKey.get(key);
      byKey.set(key, current ? merge(current, row) : row);
    }
  }
  return [...byKey.values()].sort((a, b) =>
    a.cluster_id === b.cluster_id ? compareText(a.uid, b.uid) : compareText(a.cluster_id, b.cluster_id),
  );
}

function toRow(batch: ResourceChanges, change: ResourceChanges['changes'][number]): ChangeRow {
  const isDelete = change.type === 'delete';
  const object = isDelete ? null : (change.object ?? null);
  return {
    cluster_id: batch.clusterId,
    uid: change.uid,
    api_group: batch.kind.group,
    api_version: batch.kind.version,
    kind: batch.kind.kind,
    namespace: change.namespace ?? '',
    name: change.name,
    resource_version: change.resourceVersion,
    rv_num: resourceVersionNumber(change.resourceVersion),
    labels: object ? labelsOf(object) : {},
    object,
    last_sync_id: change.syncId ?? null,
    listed: change.syncId !== undefined,
    deleted_at: isDelete ? batch.observedAt : null,
    observed_at: batch.observedAt,
  };
}

function merge(current: ChangeRow, next: ChangeRow): ChangeRow {
  const order = compareResourceVersions(next.resource_version, current.resource_version);
  const nextWins = order > 0 || (order === 0 && next.deleted_at !== null && current.deleted_at === null);
  return { ...(nextWins ? next : current), last_sync_id: newestSyncId(current, next) };
}

function newestSyncId(current: ChangeRow, next: ChangeRow): string | null {
  if (next.last_sync_id === null) return current.last_sync_id;
  return isNewerSync(next.last_sync_id, current.last_sync_id) ? next.last_sync_id : current.last_sync_id;
}

/** Only string-valued labels count, as in Kubernetes; anything else in the object is ignored. */
function labelsOf(object: Record<string, unknown>): Record<string, string> {
  const metadata = object['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return {};
  const labels = (metadata as Record<string, unknown>)['labels'];
  if (typeof labels !== 'object' || labels === null) return {};
  return Object.fromEntries(
    Object.entries(labels as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
