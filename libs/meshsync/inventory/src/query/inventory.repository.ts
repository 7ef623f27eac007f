import { Injectable } from '@nestjs/common';
import { keysetAfterSql, keysetOrderSql, withTenant, type Keyset } from '@meshplane/database';
import { DataSource } from 'typeorm';
import {
  resourceKeyset,
  resourceWhereSql,
  SORT_COLUMNS,
  type ResourceCriteria,
  type ResourceSort,
} from './resource-query.js';
import { INVENTORY_TABLES } from '../inventory.tables.js';
import { SqlParams } from './sql-params.js';

/** A stored resource as queries return it. */
export interface ResourceRecord {
  id: string;
  clusterId: string;
  uid: string;
  apiGroup: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  labels: Record<string, string>;
  object: Record<string, unknown> | null;
  deletedAt: Date | null;
  firstSeen: Date;
  updatedAt: Date;
}

export interface HistoryRecord {
  resourceVersion: string;
  changeType: 'upsert' | 'delete';
  object: Record<string, unknown> | null;
  at: Date;
  /** Keyset position (numeric version or 0, then the text version). */
  rvKey: string;
}

export interface CountRow {
  kind: string | null;
  namespace: string | null;
  live: number;
  deleted: number;
  grouping: number;
}

const RESOURCE_COLUMNS = `r.id, r.cluster_id AS "clusterId", r.uid, r.api_group AS "apiGroup",
  r.api_version AS "apiVersion", r.kind, r.namespace, r.name, r.resource_version AS "resourceVersion",
  r.labels, r.object, r.deleted_at AS "deletedAt", r.first_seen AS "firstSeen", r.updated_at AS "updatedAt"`;
const RESOURCES = `${INVENTORY_TABLES.resources} r`;
const HISTORY = `${INVENTORY_TABLES.resourceHistory} h`;

/** Reads of the inventory, each in a transaction of the caller's organization. */
@Injectable()
export class InventoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page (limit rows) in the sort order, after the keyset position if given, plus the total. */
  async page(
    orgId: string,
    criteria: ResourceCriteria,
    sort: ResourceSort,
    limit: number,
    after?: { value: string; id: string },
  ): Promise<{ rows: (ResourceRecord & { sortValue: string })[]; total: number }> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const params = new SqlParams();
      const where = resourceWhereSql(orgId, criteria, params);
      const countParams = [...params.values];
      const keyset = resourceKeyset(sort, after);
      const resume = keysetAfterSql(keyset, (value, type) => params.add(value, type));
      const sortValue = sortValueSql(sort);
      const rows = (await manager.query(
        `SELECT ${RESOURCE_COLUMNS}, ${sortValue} AS "sortValue" FROM ${RESOURCES}
         WHERE ${where}${resume ? ` AND ${resume}` : ''} ORDER BY ${keysetOrderSql(keyset)}
         LIMIT ${params.add(limit, 'int')}`,
        params.values,
      )) as (ResourceRecord & { sortValue: string })[];
      const [count] = (await manager.query(
        `SELECT count(*)::int AS total FROM ${RESOURCES} WHERE ${where}`,
        countParams,
      )) as { total: number }[];
      return { rows, total: count?.total ?? 0 };
    });
  }

  async findById(orgId: string, id: string): Promise<ResourceRecord | undefined> {
    return this.findOne(orgId, 'r.id = $2::uuid', [id]);
  }

  async findByUid(orgId: string, clusterId: string, uid: string): Promise<ResourceRecord | undefined> {
    return this.findOne(orgId, 'r.cluster_id = $2::uuid AND r.uid = $3', [clusterId, uid]);
  }

  /** Newest first: by version (numeric when numeric), a delete before the upsert of the same version. */
  async history(
    orgId: string,
    clusterId: string,
    uid: string,
    limit: number,
    after?: { rvKey: string; resourceVersion: string; changeType: string },
  ): Promise<HistoryRecord[]> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const params = new SqlParams();
      const rvKey = 'coalesce(h.rv_num, 0)';
      const keyset: Keyset = {
        columns: [
          { sql: rvKey, type: 'bigint' },
          { sql: 'h.resource_version', type: 'text' },
          // A delete sorts before the upsert of the same version.
          { sql: 'h.change_type', type: 'text', direction: 'ASC' },
        ],
        direction: 'DESC',
        after: after && [after.rvKey, after.resourceVersion, after.changeType],
      };
      const conditions = [
        `h.org_id = ${params.add(orgId, 'uuid')}`,
        `h.cluster_id = ${params.add(clusterId, 'uuid')}`,
        `h.uid = ${params.add(uid)}`,
      ];
      const resume = keysetAfterSql(keyset, (value, type) => params.add(value, type));
      if (resume) conditions.push(resume);
      return (await manager.query(
        `SELECT h.resource_version AS "resourceVersion", h.change_type AS "changeType", h.object, h.at,
           ${rvKey}::text AS "rvKey"
         FROM ${HISTORY} WHERE ${conditions.join(' AND ')}
         ORDER BY ${keysetOrderSql(keyset)} LIMIT ${params.add(limit, 'int')}`,
        params.values,
      )) as HistoryRecord[];
    });
  }

  /** Live and deleted counts per kind, per namespace, and overall, in one pass. */
  async counts(orgId: string, clusterId?: string): Promise<CountRow[]> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const params = new SqlParams();
      const where = resourceWhereSql(orgId, { clusterId, includeDeleted: true }, params);
      return (await manager.query(
        `SELECT r.kind, r.namespace,
           count(*) FILTER (WHERE r.deleted_at IS NULL)::int AS live,
           count(*) FILTER (WHERE r.deleted_at IS NOT NULL)::int AS deleted,
           GROUPING(r.kind, r.namespace)::int AS grouping
         FROM ${RESOURCES} WHERE ${where}
         GROUP BY GROUPING SETS ((r.kind), (r.namespace), ())`,
        params.values,
      )) as CountRow[];
    });
  }

  /** Live objects of some kinds in one cluster, by uid after `afterUid`: the fingerprints' scan. */
  async liveByUid(
    orgId: string,
    clusterId: string,
    kinds: readonly string[],
    namespace: string | undefined,
    afterUid: string | undefined,
    limit: number,
  ): Promise<ResourceRecord[]> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const params = new SqlParams();
      const where = resourceWhereSql(orgId, { clusterId, kinds, namespace }, params);
      // The uid is unique within the cluster: it is the whole keyset.
      const keyset: Keyset = {
        columns: [{ sql: 'r.uid', type: 'text' }],
        direction: 'ASC',
        after: afterUid === undefined ? undefined : [afterUid],
      };
      const resume = keysetAfterSql(keyset, (value, type) => params.add(value, type));
      return (await manager.query(
        `SELECT ${RESOURCE_COLUMNS} FROM ${RESOURCES} WHERE ${where}${resume ? ` AND ${resume}` : ''}
         ORDER BY ${keysetOrderSql(keyset)} LIMIT ${params.add(limit, 'int')}`,
        params.values,
      )) as ResourceRecord[];
    });
  }

  private async findOne(orgId: string, condition: string, values: unknown[]) {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const rows = (await manager.query(
        `SELECT ${RESOURCE_COLUMNS} FROM ${RESOURCES} WHERE r.org_id = $1::uuid AND ${condition}`,
        [orgId, ...values],
      )) as ResourceRecord[];
      return rows[0];
    });
  }
}

/** The row's sort value as text for its cursor; timestamps at the column's millisecond precision. */
function sortValueSql(sort: ResourceSort): string {
  const { sql, type } = SORT_COLUMNS[sort.field];
  return type === 'timestamptz' ? `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : sql;
}
