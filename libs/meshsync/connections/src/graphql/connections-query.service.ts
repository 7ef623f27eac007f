import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@meshplane/graphql';
import { checkDisplayText } from '../import/import-input.validation.js';
import { ClustersRepository } from '../persistence/clusters.repository.js';
import { ConnectionsRepository } from '../persistence/connections.repository.js';
import { isUuid } from '../persistence/uuid.js';
import {
  CLUSTER_SORT,
  clusterStatusFromGraphql,
  CONNECTION_SORT,
  connectionStatusFromGraphql,
  toClusterModel,
  toConnectionModel,
} from './connection.mapper.js';
import { type ClustersArgs, type ConnectionsArgs } from './dto/list.args.js';
import {
  ClusterSortField,
  ConnectionSortField,
  ConnectionsSortDirection,
} from './models/connection-enums.js';
import { type ClusterPage, type KubernetesConnectionPage } from './models/pages.model.js';
import { checkPageSize, decodeCursor, encodeCursor } from './page-cursor.js';

const EMPTY_PAGE = { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };

/** Paged, filtered, sorted reads for the GraphQL lists, always inside the caller's tenant. */
@Injectable()
export class ConnectionsQueryService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly clusters: ClustersRepository,
  ) {}

  async connectionsPage(orgId: string, args: ConnectionsArgs): Promise<KubernetesConnectionPage> {
    const first = checkPageSize(args.first);
    const field = args.sort?.field ?? ConnectionSortField.CREATED_AT;
    const sort = CONNECTION_SORT[field];
    const clusterId = args.filter?.clusterId ?? undefined;
    // An id that is not a UUID matches no row; answering so keeps garbage out of SQL.
    if (clusterId !== undefined && !isUuid(clusterId)) return EMPTY_PAGE;
    const { rows, totalCount } = await this.connections.page(
      orgId,
      {
        ...(args.filter?.status && { statuses: args.filter.status.map(connectionStatusFromGraphql) }),
        ...(clusterId !== undefined && { clusterId }),
        ...nameContains(args.filter?.nameContains),
      },
      {
        column: sort.column,
        direction: direction(args.sort?.direction),
        limit: first + 1,
        ...(args.after && { after: decodeCursor(args.after, field) }),
      },
    );
    const edges = rows.slice(0, first).map((row) => ({
      cursor: encodeCursor(field, sort.value(row), row.id),
      node: toConnectionModel(row),
    }));
    return { edges, pageInfo: pageInfo(edges, rows.length > first), totalCount };
  }

  async clustersPage(orgId: string, args: ClustersArgs): Promise<ClusterPage> {
    const first = checkPageSize(args.first);
    const field = args.sort?.field ?? ClusterSortField.FIRST_SEEN;
    const sort = CLUSTER_SORT[field];
    const { rows, totalCount } = await this.clusters.page(
      orgId,
      {
        ...(args.filter?.status && { statuses: args.filter.status.map(clusterStatusFromGraphql) }),
        ...nameContains(args.filter?.nameContains),
      },
      {
        column: sort.column,
        direction: direction(args.sort?.direction),
        limit: first + 1,
        ...(args.after && { after: decodeCursor(args.after, field) }),
      },
    );
    const edges = rows.slice(0, first).map((row) => ({
      cursor: encodeCursor(field, sort.value(row), row.id),
      node: toClusterModel(row),
    }));
    return { edges, pageInfo: pageInfo(edges, rows.length > first), totalCount };
  }
}

function direction(value: ConnectionsSortDirection | undefined): 'ASC' | 'DESC' {
  return value === ConnectionsSortDirection.DESC ? 'DESC' : 'ASC';
}

function nameContains(value: string | null | undefined): { nameContains?: string } {
  if (value == null) return {};
  if (value.length === 0) throw new ValidationFailedError('filter.nameContains', 'must not be empty');
  return { nameContains: checkDisplayText(value, 'filter.nameContains', 253) };
}

function pageInfo(edges: { cursor: string }[], hasNextPage: boolean) {
  return { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null };
}
