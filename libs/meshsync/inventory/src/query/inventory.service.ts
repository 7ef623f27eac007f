import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '@meshplane/graphql';
import type {
  ResourceArgs,
  ResourceFilter,
  ResourceHistoryArgs,
  ResourcesArgs,
  ResourceSortInput,
} from '../graphql/dto/resources.args.js';
import type { InventorySummary } from '../graphql/models/inventory-summary.model.js';
import type { ResourceConnection } from '../graphql/models/resource-connection.model.js';
import {
  ResourceChangeType,
  type ResourceHistoryConnection,
} from '../graphql/models/resource-history.model.js';
import type { Resource } from '../graphql/models/resource.model.js';
import { kindsInput, pageSizeInput, textInput, uuidInput } from './input-validation.js';
import { InventoryRepository, type CountRow, type ResourceRecord } from './inventory.repository.js';
import { parseLabelSelector } from './label-selector.js';
import { decodeResourceCursor, encodeResourceCursor } from './resource-cursor.js';
import type { ResourceCriteria, ResourceSort, ResourceSortField } from './resource-query.js';

const SORT_FIELDS: Record<ResourceSortInput['field'], ResourceSortField> = {
  NAME: 'name',
  KIND: 'kind',
  NAMESPACE: 'namespace',
  UPDATED_AT: 'updatedAt',
};

/** The inventory's read side for GraphQL: validates caller input, then queries within the caller's org. */
@Injectable()
export class InventoryService {
  constructor(private readonly repository: InventoryRepository) {}

  async list(orgId: string, args: ResourcesArgs): Promise<ResourceConnection> {
    const limit = pageSizeInput(args.first);
    const criteria = criteriaOf(args.filter);
    const sort: ResourceSort = {
      field: SORT_FIELDS[args.sort?.field ?? 'NAME'],
      direction: args.sort?.direction ?? 'ASC',
    };
    const after = args.after ? decodeResourceCursor(args.after, sort) : undefined;
    const { rows, total } = await this.repository.page(orgId, criteria, sort, limit + 1, after);
    const edges = rows.slice(0, limit).map((row) => ({
      cursor: encodeResourceCursor(sort, row.sortValue, row.id),
      node: toResource(row),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: total,
    };
  }

  async get(orgId: string, args: ResourceArgs): Promise<Resource> {
    const record = await this.find(orgId, args);
    if (!record) throw new NotFoundError('Resource');
    return toResource(record);
  }

  async history(orgId: string, args: ResourceHistoryArgs): Promise<ResourceHistoryConnection> {
    const limit = pageSizeInput(args.first);
    const clusterId = uuidInput(args.clusterId, 'clusterId');
    const uid = textInput(args.uid, 'uid', 128);
    const after = args.after ? decodeHistoryCursor(args.after) : undefined;
    const rows = await this.repository.history(orgId, clusterId, uid, limit + 1, after);
    const edges = rows.slice(0, limit).map((row) => ({
      cursor: encodeHistoryCursor(row),
      node: {
        resourceVersion: row.resourceVersion,
        changeType: row.changeType === 'delete' ? ResourceChangeType.DELETE : ResourceChangeType.UPSERT,
        at: row.at,
        object: row.object,
      },
    }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async summary(orgId: string, clusterId?: string | null): Promise<InventorySummary> {
    const cluster = clusterId ? uuidInput(clusterId, 'clusterId') : undefined;
    return toSummary(await this.repository.counts(orgId, cluster));
  }

  private async find(orgId: string, args: ResourceArgs): Promise<ResourceRecord | undefined> {
    if (args.id) return this.repository.findById(orgId, uuidInput(args.id, 'id'));
    if (args.clusterId && args.uid) {
      return this.repository.findByUid(
        orgId,
        uuidInput(args.clusterId, 'clusterId'),
        textInput(args.uid, 'uid', 128),
      );
    }
    throw new ValidationFailedError('id', 'give either id, or clusterId and uid');
  }
}

function criteriaOf(filter: ResourceFilter | null | undefined): ResourceCriteria {
  if (!filter) return {};
  const criteria: ResourceCriteria = { includeDeleted: filter.includeDeleted ?? false };
  if (filter.clusterId) criteria.clusterId = uuidInput(filter.clusterId, 'filter.clusterId');
  if (filter.namespace !== null && filter.namespace !== undefined) {
    criteria.namespace = textInput(filter.namespace, 'filter.namespace', 253);
  }
  if (filter.kinds?.length) criteria.kinds = kindsInput(filter.kinds, 'filter.kinds');
  if (filter.nameContains) criteria.nameContains = textInput(filter.nameContains, 'filter.nameContains', 253);
  if (filter.labelSelector) criteria.labels = parseLabelSelector(filter.labelSelector);
  return criteria;
}

export function toResource(row: ResourceRecord): Resource {
  return {
    id: row.id,
    clusterId: row.clusterId,
    uid: row.uid,
    apiGroup: row.apiGroup,
    apiVersion: row.apiVersion,
    kind: row.kind,
    namespace: row.namespace === '' ? null : row.namespace,
    name: row.name,
    resourceVersion: row.resourceVersion,
    labels: row.labels,
    deleted: row.deletedAt !== null,
    deletedAt: row.deletedAt,
    firstSeen: row.firstSeen,
    updatedAt: row.updatedAt,
    object: row.object,
  };
}

function toSummary(rows: readonly CountRow[]): InventorySummary {
  // GROUPING bits: 1 = namespace rolled up (a per-kind row), 2 = kind rolled up (per namespace), 3 = total.
  const byKey = (grouping: number, key: (row: CountRow) => string | null) =>
    rows
      .filter((row) => row.grouping === grouping)
      .map((row) => ({ key: key(row) ?? '', live: row.live, deleted: row.deleted }))
      .sort((a, b) => b.live - a.live || a.key.localeCompare(b.key));
  const total = rows.find((row) => row.grouping === 3);
  return {
    total: total?.live ?? 0,
    deleted: total?.deleted ?? 0,
    byKind: byKey(1, (row) => row.kind),
    byNamespace: byKey(2, (row) => row.namespace),
  };
}

function encodeHistoryCursor(row: { rvKey: string; resourceVersion: string; changeType: string }): string {
  return Buffer.from(JSON.stringify([row.rvKey, row.resourceVersion, row.changeType])).toString('base64url');
}

function decodeHistoryCursor(cursor: string): { rvKey: string; resourceVersion: string; changeType: string } {
  const invalid = new ValidationFailedError('after', 'is not a cursor returned by this query');
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((p) => typeof p === 'string'))
    throw invalid;
  const [rvKey, resourceVersion, changeType] = parts as [string, string, string];
  if (!/^[0-9]{1,19}$/.test(rvKey)) throw invalid;
  return { rvKey, resourceVersion, changeType };
}
