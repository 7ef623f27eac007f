import type { Keyset, KeysetColumn, KeysetDirection } from '@meshplane/database';
import type { LabelRequirement } from '@meshplane/graphql';
import { labelSelectorSql } from './label-selector.sql.js';
import type { SqlParams } from './sql-params.js';

export const resourceSortFields = ['name', 'kind', 'namespace', 'updatedAt'] as const;
export type ResourceSortField = (typeof resourceSortFields)[number];
export type SortDirection = KeysetDirection;

export interface ResourceSort {
  field: ResourceSortField;
  direction: SortDirection;
}

/** Validated criteria; every one given must hold. */
export interface ResourceCriteria {
  clusterId?: string;
  namespace?: string;
  kinds?: readonly string[];
  labels?: readonly LabelRequirement[];
  nameContains?: string;
  includeDeleted?: boolean;
}

/** Sort fields reach SQL only through this table: the caller picks a key, never a column. */
export const SORT_COLUMNS: Record<ResourceSortField, KeysetColumn> = {
  name: { sql: 'r.name', type: 'text' },
  kind: { sql: 'r.kind', type: 'text' },
  namespace: { sql: 'r.namespace', type: 'text' },
  updatedAt: { sql: 'r.updated_at', type: 'timestamptz' },
};

/** The keyset of a resource list: the sort column then the id, resumed after (value, id) when given. */
export function resourceKeyset(sort: ResourceSort, after?: { value: string; id: string }): Keyset {
  return {
    columns: [SORT_COLUMNS[sort.field], { sql: 'r.id', type: 'uuid' }],
    direction: sort.direction,
    after: after && [after.value, after.id],
  };
}

/** The WHERE clause over `resources r` for one organization and the criteria, values bound as parameters. */
export function resourceWhereSql(orgId: string, criteria: ResourceCriteria, params: SqlParams): string {
  const conditions = [`r.org_id = ${params.add(orgId, 'uuid')}`];
  if (criteria.clusterId !== undefined)
    conditions.push(`r.cluster_id = ${params.add(criteria.clusterId, 'uuid')}`);
  if (criteria.namespace !== undefined) conditions.push(`r.namespace = ${params.add(criteria.namespace)}`);
  if (criteria.kinds?.length) conditions.push(`r.kind = ANY(${params.add(criteria.kinds, 'text[]')})`);
  if (criteria.nameContains !== undefined && criteria.nameContains !== '') {
    // strpos, not LIKE: the caller's % and _ stay plain characters without any escaping to get wrong.
    conditions.push(`strpos(lower(r.name), lower(${params.add(criteria.nameContains)})) > 0`);
  }
  if (!criteria.includeDeleted) conditions.push('r.deleted_at IS NULL');
  conditions.push(...labelSelectorSql(criteria.labels ?? [], 'r.labels', params));
  return conditions.join(' AND ');
}
