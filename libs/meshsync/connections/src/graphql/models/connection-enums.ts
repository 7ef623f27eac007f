import { registerEnumType } from '@nestjs/graphql';

// Values equal names: federation rebuilds the schema from SDL, so the mapping to stored values is explicit.
export enum ConnectionStatus {
  CONNECTING = 'CONNECTING',
  CONNECTED = 'CONNECTED',
  DISCONNECTED = 'DISCONNECTED',
  DELETED = 'DELETED',
}

export enum ClusterStatus {
  CONNECTED = 'CONNECTED',
  DISCONNECTED = 'DISCONNECTED',
}

export enum ConnectionSortField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
  STATUS = 'STATUS',
}

export enum ClusterSortField {
  NAME = 'NAME',
  FIRST_SEEN = 'FIRST_SEEN',
  STATUS = 'STATUS',
}

registerEnumType(ConnectionStatus, { name: 'ConnectionStatus' });
registerEnumType(ClusterStatus, {
  name: 'ClusterStatus',
  description: 'CONNECTED while any connection to it is.',
});
registerEnumType(ConnectionSortField, { name: 'ConnectionSortField' });
registerEnumType(ClusterSortField, { name: 'ClusterSortField' });
