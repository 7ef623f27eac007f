import { Injectable } from '@nestjs/common';
import {
  checkText,
  checkUuid,
  decodeCursor,
  encodeCursor,
  NotFoundError,
  pageOf,
  pageSize,
  parseLabelSelector,
  SortDirection,
  ValidationFailedError,
  type CursorShape,
} from '@meshplane/graphql';
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
import { kindsInput } from './input-validation.js';
import {
  InventoryRepository,
  type CountRow,
  type HistoryRecord,
  type ResourceRecord,
} from './inventory.repository.js';
import {
  SORT_COLUMNS,
  type ResourceCriteria,
  type ResourceSort,
  type ResourceSortField,
} from './resource-query.js';

/** Kubernetes names are compared as stored: exact (not trimmed), and '' is a value (the cluster scope). */
const EXACT = { min: 0, trim: false } as const;
const MAX_NAME_LENGTH = 253;
const MAX_UID_LENGTH = 128;

/** History is newest first by (numeric version, version text, change type): one ordering, three keys. */
const HISTORY_CURSOR = { order: 'resourceHistory', keys: ['integer', 'text', 'text'] } as const;

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
    const limit = pageSize(args.first);
    const criteria = criteriaOf(args.filter);
    const sort: ResourceSort = {
      field: SORT_FIELDS[args.sort?.field ?? 'NAME'],
      direction: args.sort?.direction ?? SortDirection.ASC,
    };
    const cursor = resourceCursor(sort);
    const after = decodeCursor(args.after, cursor);
    const { rows, total } = await this.repository.page(
      orgId,
      criteria,
      sort,
      limit + 1,
      after && { value: after[0], id: after[1] },
    );
    const cursorOf = (row: (typeof rows)[number]) => encodeCursor(cursor, [row.sortValue, row.id]);
    return { ...pageOf(rows, limit, cursorOf, toResource), totalCount: total };
  }

  async get(orgId: string, args: ResourceArgs): Promise<Resource> {
    const record = await this.find(orgId, args);
    if (!record) throw new NotFoundError('Resource');
    return toResource(record);
  }

  async history(orgId: string, args: ResourceHistoryArgs): Promise<ResourceHistoryConnection> {
    const limit = pageSize(args.first);
    const clusterId = checkUuid(args.clusterId, 'clusterId');
    const uid = checkText(args.uid, 'uid', { ...EXACT, max: MAX_UID_LENGTH });
    const after = decodeCursor(args.after, HISTORY_CURSOR);
    const rows = await this.repository.history(
      orgId,
      clusterId,
      uid,
      limit + 1,
      after && { rvKey: after[0], resourceVersion: after[1], changeType: after[2] },
    );
    const cursorOf = (row: HistoryRecord) =>
      encodeCursor(HISTORY_CURSOR, [row.rvKey, row.resourceVersion, row.changeType]);
    return pageOf(rows, limit, cursorOf, (row) => ({
      resourceVersion: row.resourceVersion,
      changeType: row.changeType === 'delete' ? ResourceChangeType.DELETE : ResourceChangeType.UPSERT,
      at: row.at,
      object: row.object,
    }));
  }

  async summary(orgId: string, clusterId?: string | null): Promise<InventorySummary> {
    const cluster = clusterId ? checkUuid(clusterId, 'clusterId') : undefined;
    return toSummary(await this.repository.counts(orgId, cluster));
  }

  private async find(orgId: string, args: ResourceArgs): Promise<ResourceRecord | undefined> {
    if (args.id) return this.repository.findById(orgId, checkUuid(args.id, 'id'));
    if (args.clusterId && args.uid) {
      return this.repository.findByUid(
        orgId,
        checkUuid(args.clusterId, 'clusterId'),
        checkText(args.uid, 'uid', { ...EXACT, max: MAX_UID_LENGTH }),
      );
    }
    throw new ValidationFailedError('id', 'give either id, or clusterId and uid');
  }
}

function criteriaOf(filter: ResourceFilter | null | undefined): ResourceCriteria {
  if (!filter) return {};
  const criteria: ResourceCriteria = { includeDeleted: filter.includeDeleted ?? false };
  if (filter.clusterId) criteria.clusterId = checkUuid(filter.clusterId, 'filter.clusterId');
  if (filter.namespace !== null && filter.namespace !== undefined) {
    criteria.namespace = checkText(filter.namespace, 'filter.namespace', { ...EXACT, max: MAX_NAME_LENGTH });
  }
  if (filter.kinds?.length) criteria.kinds = kindsInput(filter.kinds, 'filter.kinds');
  if (filter.nameContains) {
    criteria.nameContains = checkText(filter.nameContains, 'filter.nameContains', {
      ...EXACT,
      max: MAX_NAME_LENGTH,
    });
  }
  if (filter.labelSelector)
    criteria.labels = parseLabelSelector(filter.labelSelector, 'filter.labelSelector');
  return criteria;
}

/** A cursor is bound to the field and direction it was issued for; timestamps travel as ISO instants. */
function resourceCursor(sort: ResourceSort) {
  const key = SORT_COLUMNS[sort.field].type === 'timestamptz' ? 'timestamp' : 'text';
  return {
    order: `resources:${sort.field}:${sort.direction}`,
    keys: [key, 'uuid'],
  } as const satisfies CursorShape;
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
