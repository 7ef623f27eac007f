import { type CursorKey } from '@meshplane/graphql';
import { type ClusterEntity } from '../entities/cluster.entity.js';
import { type ConnectionEntity } from '../entities/connection.entity.js';
import { type ClusterStatusValue, type ConnectionStatusValue } from '../entities/connection-status.js';
import { CONNECTIONS_TYPES } from '../connections.tables.js';
import { type Cluster } from './models/cluster.model.js';
import {
  ClusterSortField,
  ClusterStatus,
  ConnectionSortField,
  ConnectionStatus,
} from './models/connection-enums.js';
import { type KubernetesConnection } from './models/kubernetes-connection.model.js';

/** Only display fields are copied: the sealed credentials never leave the entity. */
export function toConnectionModel(row: ConnectionEntity): KubernetesConnection {
  return {
    id: row.id,
    name: row.name,
    contextName: row.contextName,
    server: row.server,
    status: connectionStatusToGraphql(row.status),
    statusMessage: row.statusMessage,
    clusterId: row.clusterId,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    lastPingAt: row.lastPingAt,
  };
}

export function toClusterModel(row: ClusterEntity): Cluster {
  return {
    id: row.id,
    name: row.name,
    kubeSystemUid: row.kubeSystemUid,
    version: row.version,
    nodeCount: row.nodeCount,
    status: row.status === 'connected' ? ClusterStatus.CONNECTED : ClusterStatus.DISCONNECTED,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
  };
}

export function connectionStatusToGraphql(status: ConnectionStatusValue): ConnectionStatus {
  switch (status) {
    case 'connecting':
      return ConnectionStatus.CONNECTING;
    case 'connected':
      return ConnectionStatus.CONNECTED;
    case 'disconnected':
      return ConnectionStatus.DISCONNECTED;
    case 'deleted':
      return ConnectionStatus.DELETED;
  }
}

export function connectionStatusFromGraphql(status: ConnectionStatus): ConnectionStatusValue {
  switch (status) {
    case ConnectionStatus.CONNECTING:
      return 'connecting';
    case ConnectionStatus.CONNECTED:
      return 'connected';
    case ConnectionStatus.DISCONNECTED:
      return 'disconnected';
    case ConnectionStatus.DELETED:
      return 'deleted';
  }
}

export function clusterStatusFromGraphql(status: ClusterStatus): ClusterStatusValue {
  switch (status) {
    case ClusterStatus.CONNECTED:
      return 'connected';
    case ClusterStatus.DISCONNECTED:
      return 'disconnected';
  }
}

/** How one sort field reaches SQL and cursors: an entity property, the kind of its cursor key and its value. */
export interface SortSpec<E> {
  column: keyof E & string;
  /** The column's SQL type (the cursor value is cast to it). */
  type: string;
  key: CursorKey;
  value: (row: E) => string;
}

/** Sort enum → entity property and the row's value as a cursor string: the only way a sort reaches SQL. */
export const CONNECTION_SORT: Record<ConnectionSortField, SortSpec<ConnectionEntity>> = {
  [ConnectionSortField.NAME]: { column: 'name', type: 'text', key: 'text', value: (row) => row.name },
  [ConnectionSortField.CREATED_AT]: {
    column: 'createdAt',
    type: 'timestamptz',
    key: 'timestamp',
    value: (row) => row.createdAt.toISOString(),
  },
  [ConnectionSortField.STATUS]: {
    column: 'status',
    type: CONNECTIONS_TYPES.connectionStatus,
    key: 'text',
    value: (row) => row.status,
  },
};

export const CLUSTER_SORT: Record<ClusterSortField, SortSpec<ClusterEntity>> = {
  [ClusterSortField.NAME]: { column: 'name', type: 'text', key: 'text', value: (row) => row.name },
  [ClusterSortField.FIRST_SEEN]: {
    column: 'firstSeen',
    type: 'timestamptz',
    key: 'timestamp',
    value: (row) => row.firstSeen.toISOString(),
  },
  [ClusterSortField.STATUS]: {
    column: 'status',
    type: CONNECTIONS_TYPES.clusterStatus,
    key: 'text',
    value: (row) => row.status,
  },
};
