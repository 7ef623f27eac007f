import { Injectable } from '@nestjs/common';
import {
  checkOptionalText,
  decodeCursor,
  emptyConnection,
  encodeCursor,
  isUuid,
  pageOf,
  pageSize,
  SortDirection,
  type CursorShape,
} from '@meshplane/graphql';
import { ClustersRepository } from '../persistence/clusters.repository.js';
import { ConnectionsRepository } from '../persistence/connections.repository.js';
import { MAX_CONNECTION_NAME } from '../import/import-input.validation.js';
import {
  CLUSTER_SORT,
  clusterStatusFromGraphql,
  CONNECTION_SORT,
  connectionStatusFromGraphql,
  toClusterModel,
  toConnectionModel,
  type SortSpec,
} from './connection.mapper.js';
import { type ClustersArgs, type ConnectionsArgs } from './dto/list.args.js';
import { ClusterSortField, ConnectionSortField } from './models/connection-enums.js';
import { type ClusterPage, type KubernetesConnectionPage } from './models/pages.model.js';

/** Paged, filtered, sorted reads for the GraphQL lists, always inside the caller's tenant. */
@Injectable()
export class ConnectionsQueryService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly clusters: ClustersRepository,
  ) {}

  async connectionsPage(orgId: string, args: ConnectionsArgs): Promise<KubernetesConnectionPage> {
    const first = pageSize(args.first);
    const field = args.sort?.field ?? ConnectionSortField.CREATED_AT;
    const sort = CONNECTION_SORT[field];
    const direction = args.sort?.direction ?? SortDirection.ASC;
    const cursor = cursorShape(`connections:${field}:${direction}`, sort);
    const clusterId = args.filter?.clusterId ?? undefined;
    // An id that is not a UUID matches no row; answering so keeps garbage out of SQL.
    if (clusterId !== undefined && !isUuid(clusterId)) return emptyConnection();
    const { rows, totalCount } = await this.connections.page(
      orgId,
      {
        ...(args.filter?.status && { statuses: args.filter.status.map(connectionStatusFromGraphql) }),
        ...(clusterId !== undefined && { clusterId }),
        ...nameContains(args.filter?.nameContains),
      },
      {
        column: sort.column,
        type: sort.type,
        direction,
        limit: first + 1,
        after: decodeCursor(args.after, cursor),
      },
    );
    const cursorOf = (row: (typeof rows)[number]) => encodeCursor(cursor, [sort.value(row), row.id]);
    return { ...pageOf(rows, first, cursorOf, toConnectionModel), totalCount };
  }

  async clustersPage(orgId: string, args: ClustersArgs): Promise<ClusterPage> {
    const first = pageSize(args.first);
    const field = args.sort?.field ?? ClusterSortField.FIRST_SEEN;
    const sort = CLUSTER_SORT[field];
    const direction = args.sort?.direction ?? SortDirection.ASC;
    const cursor = cursorShape(`clusters:${field}:${direction}`, sort);
    const { rows, totalCount } = await this.clusters.page(
      orgId,
      {
        ...(args.filter?.status && { statuses: args.filter.status.map(clusterStatusFromGraphql) }),
        ...nameContains(args.filter?.nameContains),
      },
      {
        column: sort.column,
        type: sort.type,
        direction,
        limit: first + 1,
        after: decodeCursor(args.after, cursor),
      },
    );
    const cursorOf = (row: (typeof rows)[number]) => encodeCursor(cursor, [sort.value(row), row.id]);
    return { ...pageOf(rows, first, cursorOf, toClusterModel), totalCount };
  }
}

function cursorShape<E>(order: string, sort: SortSpec<E>) {
  return { order, keys: [sort.key, 'uuid'] } as const satisfies CursorShape;
}

function nameContains(value: string | null | undefined): { nameContains?: string } {
  const text = checkOptionalText(value, 'filter.nameContains', MAX_CONNECTION_NAME);
  return text === undefined ? {} : { nameContains: text };
}
