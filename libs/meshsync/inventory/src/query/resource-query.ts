import type { LabelRequirement } from '@meshplane/graphql';
import { labelSelectorSql } from './label-selector.sql.js';
import type { SqlParams } from './sql-params.js';

export const resourceSortFields = ['name', 'kind', 'namespace', 'updatedAt'] as const;
export type ResourceSortField = (typeof resourceSortFields)[number];
export type SortDirection = 'ASC' | 'DESC';

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
export const SORT_COLUMNS: Record<ResourceSortField, { column: string; type: string }> = {
  name: { column: 'r.name', type: 'text' },
  kind: { column: 'r.kind', type: 'text' },
  namespace: { column: 'r.namespace', type: 'text' },
  updatedAt: { column: 'r.updated_at', type: 'timestamptz' },
};

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

/** Keyset condition: rows after (value, id) in the given order, id breaking ties. */
export function afterCursorSql(sort: ResourceSort, value: string, id: string, params: SqlParams): string {
  const { column, type } = SORT_COLUMNS[sort.field];
  const op = sort.direction === 'ASC' ? '>' : '<';
  return `(${column}, r.id) ${op} (${params.add(value, type)}, ${params.add(id, 'uuid')})`;
}

export function orderBySql(sort: ResourceSort): string {
  const { column } = SORT_COLUMNS[sort.field];
  return `${column} ${sort.direction}, r.id ${sort.direction}`;
}
