import { STAGED_CHANGES } from './change-staging.js';
import { newerVersionSql } from './resource-version.js';
import { newerSyncSql } from './sync-order.js';

const RESOURCES = '"meshsync_ingest"."resources"';
const HISTORY = '"meshsync_ingest"."resource_history"';
const KIND_SYNCS = '"meshsync_ingest"."kind_syncs"';
/** Seeds the advisory-lock hash so the inventory's keys do not collide with other features' locks. */
const KIND_LOCK_SEED = 7_411_905;

/** The incoming change replaces the stored state: a newer version, or a delete of the same version. */
const APPLIES =
  `(${newerVersionSql('excluded', 'r')} OR (excluded.deleted_at IS NOT NULL AND r.deleted_at IS NULL ` +
  `AND excluded.resource_version = r.resource_version))`;

const REPLACED = ['api_group', 'api_version', 'kind', 'namespace', 'name', 'resource_version', 'rv_num'];

function whenApplies(column: string, value: string): string {
  return `${column} = CASE WHEN ${APPLIES} THEN ${value} ELSE r.${column} END`;
}

/** The incoming sync id is newer than the stored one: a row's sync id never moves back. */
const NEWER_SYNC = `(excluded.last_sync_id IS NOT NULL AND ${newerSyncSql('excluded.last_sync_id', 'r.last_sync_id')})`;

/**
 * Stores a group of changes and their history in one statement: the rows are read from the session's
 * staging table (STAGED_CHANGES, filled by COPY in the same transaction; see ChangeRow),
 * $1 the organization, $2 the commit time.
 * A stored newer version is never overwritten; a delete keeps the last object and labels and sets the
 * tombstone; an upsert newer than a tombstone revives the row. An older change still records a newer
 * sync id, which is how a completed sync counts objects it listed that a watch event has since moved
 * past; an older sync id never replaces a newer one. A listed version of a sync older than the kind's
 * last reconciled sync (a page redelivered late, after a crash) changes no stored row, and an object only
 * it lists is stored as a tombstone: the newer sync's complete list did not contain it, so it was gone.
 * History (rule in the README): watch changes that became the stored state, and listed versions that
 * changed an already stored object; an object's first sighting by a list and a list that changes nothing
 * add none. A row this statement inserted has xmax 0 (an updated one carries its lock); a listed version
 * that replaced the stored state set updated_at to this commit's time, one that only set the sync id did not.
 * The history key makes a redelivered batch add nothing.
 * Which pending syncs it stored objects of is asked next, in the same transaction (ADD_STAGED_TO_PENDING_SQL).
 */
export const UPSERT_CHANGES_SQL = `
WITH input AS (
  SELECT x.*, COALESCE(k.reconciled_sync_id IS NOT NULL
      AND CASE WHEN x.listed THEN ${newerSyncSql('k.reconciled_sync_id', 'x.last_sync_id')}
        -- A watch upsert no newer than the reconciled list, for an object that list did not contain: it
        -- arrived late (redelivered after a crash) and the object was gone by the time of the list.
        ELSE x.deleted_at IS NULL AND k.reconciled_list_rv IS NOT NULL AND x.rv_num IS NOT NULL
          AND x.rv_num <= k.reconciled_list_rv
          AND NOT EXISTS (
            SELECT 1 FROM ${RESOURCES} cur
            WHERE cur.org_id = $1::uuid AND cur.cluster_id = x.cluster_id AND cur.uid = x.uid
              AND cur.last_sync_id IS NOT NULL AND NOT ${newerSyncSql('k.reconciled_sync_id', 'cur.last_sync_id')})
        END, false) AS superseded
  FROM ${STAGED_CHANGES} x
  -- One row per kind at most (its key): joined once instead of looked up for every row.
  LEFT JOIN ${KIND_SYNCS} k ON k.org_id = $1::uuid AND k.cluster_id = x.cluster_id AND k.api_group = x.api_group
    AND k.kind = x.kind
), late AS (
  INSERT INTO ${RESOURCES} (org_id, id, cluster_id, uid, api_group, api_version, kind, namespace, name,
    resource_version, rv_num, labels, object, last_sync_id, deleted_at, first_seen, updated_at)
  SELECT $1::uuid, gen_random_uuid(), cluster_id, uid, api_group, api_version, kind, namespace, name, resource_version, rv_num,
    labels, object, last_sync_id, $2::timestamptz, $2::timestamptz, $2::timestamptz
  FROM input WHERE superseded
  ON CONFLICT (org_id, cluster_id, uid) DO NOTHING
), stored AS (
  INSERT INTO ${RESOURCES} AS r (org_id, id, cluster_id, uid, api_group, api_version, kind, namespace, name,
    resource_version, rv_num, labels, object, last_sync_id, deleted_at, first_seen, updated_at)
  SELECT $1::uuid, gen_random_uuid(), cluster_id, uid, api_group, api_version, kind, namespace, name, resource_version, rv_num,
    labels, object, last_sync_id, deleted_at, $2::timestamptz, $2::timestamptz
  FROM input WHERE NOT superseded
  ON CONFLICT (org_id, cluster_id, uid) DO UPDATE SET
    ${REPLACED.map((c) => whenApplies(c, `excluded.${c}`)).join(',\n    ')},
    ${whenApplies('labels', 'CASE WHEN excluded.deleted_at IS NULL THEN excluded.labels ELSE r.labels END')},
    ${whenApplies('object', 'CASE WHEN excluded.deleted_at IS NULL THEN excluded.object ELSE r.object END')},
    ${whenApplies('deleted_at', 'excluded.deleted_at')},
    ${whenApplies('updated_at', 'excluded.updated_at')},
    last_sync_id = CASE WHEN ${NEWER_SYNC} THEN excluded.last_sync_id ELSE r.last_sync_id END
  WHERE ${APPLIES} OR ${NEWER_SYNC}
  RETURNING r.cluster_id, r.uid, r.resource_version, r.rv_num, r.deleted_at, r.updated_at, r.last_sync_id,
    r.xmax = 0 AS inserted
), recorded AS (
  INSERT INTO ${HISTORY} AS h (org_id, cluster_id, uid, resource_version, change_type, rv_num, object, at)
  SELECT $1::uuid, s.cluster_id, s.uid, s.resource_version,
    CASE WHEN s.deleted_at IS NULL THEN 'upsert' ELSE 'delete' END, s.rv_num,
    -- The input's object: the join keeps only inputs whose version is the stored one (their own object).
    CASE WHEN s.deleted_at IS NULL THEN i.object END, i.observed_at
  -- A row this statement inserted carries its input's sync id, so one with a sync id is a listed first
  -- sighting, which never has history: left out before the join (an initial sync joins nothing).
  FROM (SELECT * FROM stored WHERE NOT (inserted AND last_sync_id IS NOT NULL)) s
  -- One input row per object (changeRows): byte-order keys, so neither side is sorted by collation.
  JOIN input i ON i.cluster_id = s.cluster_id AND i.uid COLLATE "C" = s.uid COLLATE "C"
  WHERE i.resource_version = s.resource_version AND (i.deleted_at IS NULL) = (s.deleted_at IS NULL)
    AND (NOT i.listed OR (NOT s.inserted AND s.updated_at = $2::timestamptz))
  ON CONFLICT DO NOTHING
)
SELECT count(*)::int AS stored FROM stored`;

/**
 * Records a completed sync as pending reconcile, durably (the marker is acked once this commits): $1 org,
 * $2 cluster, $3 api group, $4 kind, $5 sync id, $6 its count, $7 its list resourceVersion as a number (or
 * null), $8 its time. Only a sync newer than the reconciled one and not older than the one already pending.
 * Under the kind's exclusive lock (no writer in flight), so `pending_stored` starts from 0 and the marker
 * then adds the objects already stored (ADD_TO_PENDING_SQL): see KindSyncEntity.pendingStored.
 */
export const SET_PENDING_SYNC_SQL = `
UPDATE ${KIND_SYNCS} AS k SET pending_sync_id = $5, pending_count = $6::int, pending_list_rv = $7::bigint,
  pending_at = $8::timestamptz, pending_stored = 0
WHERE k.org_id = $1::uuid AND k.cluster_id = $2::uuid AND k.api_group = $3 AND k.kind = $4
  AND (k.reconciled_sync_id IS NULL OR ${newerSyncSql('$5', 'k.reconciled_sync_id')})
  AND (k.pending_sync_id IS NULL OR k.pending_sync_id = $5 OR ${newerSyncSql('$5', 'k.pending_sync_id')})
RETURNING k.pending_sync_id`;

/**
 * The newer completed sync that kept a completed marker from being recorded (SET_PENDING_SYNC_SQL matched
 * nothing): the pending or reconciled one newer than it; no row when the marker's own sync is the reconciled
 * one (a redelivered marker). $1 org, $2 cluster, $3 api group, $4 kind, $5 the marker's sync id.
 */
export const NEWER_COMPLETED_SYNC_SQL = `
SELECT CASE WHEN k.pending_sync_id IS NOT NULL AND ${newerSyncSql('k.pending_sync_id', '$5::text')}
  THEN k.pending_sync_id ELSE k.reconciled_sync_id END AS newer_sync_id
FROM ${KIND_SYNCS} k
WHERE k.org_id = $1::uuid AND k.cluster_id = $2::uuid AND k.api_group = $3 AND k.kind = $4
  AND ((k.pending_sync_id IS NOT NULL AND ${newerSyncSql('k.pending_sync_id', '$5::text')})
    OR (k.reconciled_sync_id IS NOT NULL AND k.reconciled_sync_id <> $5::text))`;

/** Whether a pending sync may be complete: its upper bound reached, or unknown (null). */
const MAYBE_COMPLETE = 'COALESCE(k.pending_stored >= k.pending_count, true) AS maybe_complete';

/**
 * After UPSERT_CHANGES_SQL, in its transaction: adds the staged rows listed by a kind's pending sync to that
 * sync's `pending_stored` (an upper bound: a row stored again counts again) and answers, per such kind,
 * whether the sync may now be complete; only then does the writer count exactly (PENDING_SYNC_SQL).
 * $1 org. The writer holds the kinds' shared locks, so no pending sync changes meanwhile; rows are
 * locked in key order (concurrent writers of several kinds cannot deadlock), and the last statement before
 * the commit, so a writer waiting for another's row waits only for that commit.
 */
export const ADD_STAGED_TO_PENDING_SQL = `
WITH listed AS (
  SELECT x.cluster_id, x.api_group, x.kind, x.last_sync_id, count(*)::int AS n FROM ${STAGED_CHANGES} x
  WHERE x.last_sync_id IS NOT NULL
  GROUP BY x.cluster_id, x.api_group, x.kind, x.last_sync_id
), locked AS (
  SELECT k.cluster_id, k.api_group, k.kind, l.n FROM ${KIND_SYNCS} k
  JOIN listed l ON l.cluster_id = k.cluster_id AND l.api_group = k.api_group AND l.kind = k.kind
    AND l.last_sync_id = k.pending_sync_id
  WHERE k.org_id = $1::uuid
  ORDER BY k.cluster_id, k.api_group, k.kind
  FOR UPDATE OF k
)
UPDATE ${KIND_SYNCS} AS k SET pending_stored = k.pending_stored + locked.n
FROM locked
WHERE k.org_id = $1::uuid AND k.cluster_id = locked.cluster_id AND k.api_group = locked.api_group
  AND k.kind = locked.kind
RETURNING k.cluster_id, k.api_group, k.kind, ${MAYBE_COMPLETE}`;

/**
 * Adds objects of a pending sync counted outside the kind's lock: $1 org, $2 cluster, $3 api group, $4 kind,
 * $5 the sync id, $6 how many. Answers whether it may now be complete (no row: no longer pending).
 */
export const ADD_TO_PENDING_SQL = `
UPDATE ${KIND_SYNCS} AS k SET pending_stored = k.pending_stored + $6::int
WHERE k.org_id = $1::uuid AND k.cluster_id = $2::uuid AND k.api_group = $3 AND k.kind = $4
  AND k.pending_sync_id = $5
RETURNING ${MAYBE_COMPLETE}`;

/**
 * Sets the pending sync's `pending_stored` to an exact count, under the kind's exclusive lock:
 * $1 org, $2 cluster, $3 api group, $4 kind, $5 the sync id, $6 its objects stored.
 */
export const SET_PENDING_STORED_SQL = `
UPDATE ${KIND_SYNCS} AS k SET pending_stored = $6::int
WHERE k.org_id = $1::uuid AND k.cluster_id = $2::uuid AND k.api_group = $3 AND k.kind = $4
  AND k.pending_sync_id = $5`;

/**
 * The kind's pending completed sync and how many of its objects are stored so far (no row: none pending).
 * $1 org, $2 cluster, $3 api group, $4 kind.
 */
export const PENDING_SYNC_SQL = `
SELECT k.pending_sync_id, k.pending_count, k.pending_list_rv::text AS pending_list_rv, k.pending_at,
  (SELECT count(*)::int FROM ${RESOURCES} r
   WHERE r.org_id = k.org_id AND r.cluster_id = k.cluster_id AND r.api_group = k.api_group AND r.kind = k.kind
     AND r.last_sync_id = k.pending_sync_id) AS stored
FROM ${KIND_SYNCS} k
WHERE k.org_id = $1::uuid AND k.cluster_id = $2::uuid AND k.api_group = $3 AND k.kind = $4
  AND k.pending_sync_id IS NOT NULL`;

/**
 * Tombstones what a completed sync did not list: live rows of the cluster and kind carrying an older sync
 * id (or none), no newer than the list itself (a newer one arrived by watch after the list and is
 * current). A row a newer sync listed is never tombstoned by an older one.
 * $1 org, $2 cluster, $3 api group, $4 kind, $5 sync id, $6 list resourceVersion as number (or null),
 * $7 the tombstone time. Records a delete in the history for each.
 */
export const TOMBSTONE_UNSYNCED_SQL = `
WITH gone AS (
  UPDATE ${RESOURCES} AS r SET deleted_at = $7::timestamptz, updated_at = $7::timestamptz
  WHERE r.org_id = $1::uuid AND r.cluster_id = $2::uuid AND r.api_group = $3 AND r.kind = $4
    AND r.deleted_at IS NULL AND ${newerSyncSql('$5', 'r.last_sync_id')}
    AND ($6::bigint IS NULL OR r.rv_num IS NULL OR r.rv_num <= $6::bigint)
  RETURNING r.cluster_id, r.uid, r.resource_version, r.rv_num
), recorded AS (
  INSERT INTO ${HISTORY} (org_id, cluster_id, uid, resource_version, change_type, rv_num, object, at)
  SELECT $1::uuid, g.cluster_id, g.uid, g.resource_version, 'delete', g.rv_num, NULL, $7::timestamptz FROM gone g
  ON CONFLICT DO NOTHING
)
SELECT count(*)::int AS tombstoned FROM gone`;

/**
 * Marks the pending sync as reconciled (all its objects stored, about to tombstone the rest), keeping the
 * newest, and clears the pending completion:
 * $1 org, $2 cluster, $3 api group, $4 kind, $5 sync id, $6 its list resourceVersion as a number (or null).
 * Runs in the reconcile's transaction, under the kind's exclusive lock (KIND_LOCK_SQL): a writer that
 * commits after it sees the mark, one that committed before it is seen by the tombstoning.
 */
export const MARK_RECONCILED_SQL = `
UPDATE ${KIND_SYNCS} AS k SET reconciled_sync_id = $5, reconciled_list_rv = $6::bigint,
  pending_sync_id = NULL, pending_count = NULL, pending_list_rv = NULL, pending_at = NULL, pending_stored = NULL
WHERE k.org_id = $1::uuid AND k.cluster_id = $2::uuid AND k.api_group = $3 AND k.kind = $4
  AND (k.reconciled_sync_id IS NULL OR ${newerSyncSql('$5', 'k.reconciled_sync_id')})`;

/**
 * The advisory lock of one cluster and kind, the agreement between writers and reconcile: every change
 * writer holds it shared for its transaction (taken before its upsert statement, so that statement's
 * snapshot is taken after the lock), a reconcile holds it exclusively while it marks and tombstones.
 * So no writer's statement can straddle a reconcile: it either committed before the reconcile's snapshot
 * (and is tombstoned by it if the sync did not list it) or starts after its commit (and sees the mark).
 * Keys are `<org>/<cluster>/<group>/<kind>` hashed to bigint; a collision only serialises two kinds.
 * $1 the keys (text[]).
 */
export const LOCK_KINDS_SHARED_SQL = `
SELECT pg_advisory_xact_lock_shared(hashtextextended(key, ${KIND_LOCK_SEED})) FROM unnest($1::text[]) AS key`;

/** The exclusive form of LOCK_KINDS_SHARED_SQL for one kind: $1 its key. */
export const LOCK_KIND_SQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, ${KIND_LOCK_SEED}))`;

/**
 * Records a sync of a kind as seen, keeping the newest: $1 org, $2 cluster, $3 api group, $4 kind,
 * $5 sync id, $6 time. Answers the newest sync id known for the kind afterwards.
 */
export const RECORD_SYNC_SQL = `
WITH recorded AS (
  INSERT INTO ${KIND_SYNCS} AS k (org_id, cluster_id, api_group, kind, newest_sync_id, updated_at)
  VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::timestamptz)
  ON CONFLICT (org_id, cluster_id, api_group, kind) DO UPDATE
    SET newest_sync_id = excluded.newest_sync_id, updated_at = excluded.updated_at
    WHERE ${newerSyncSql('excluded.newest_sync_id', 'k.newest_sync_id')}
  RETURNING k.newest_sync_id
)
SELECT newest_sync_id FROM recorded
UNION ALL
SELECT k.newest_sync_id FROM ${KIND_SYNCS} k
WHERE k.org_id = $1::uuid AND k.cluster_id = $2::uuid AND k.api_group = $3 AND k.kind = $4
  AND NOT EXISTS (SELECT 1 FROM recorded)`;
