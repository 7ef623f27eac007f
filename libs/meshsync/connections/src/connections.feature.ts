import { connectionCredentialsRequest } from '@meshplane/contracts';
import { defineFeature } from '@meshplane/service-kit';
import {
  CONNECTIONS_CONFIG,
  CONNECTIONS_CONFIG_SHAPE,
  connectionsConfigOf,
} from './config/connections.config.js';
import { ConnectionsModule } from './connections.module.js';
import { ClusterEntity } from './entities/cluster.entity.js';
import { ConnectionEntity } from './entities/connection.entity.js';
import { CONNECTIONS_MIGRATIONS } from './migrations/index.js';

/**
 * Cluster connections as a service runs them. A test that needs a stub resolver swaps the module only:
 * `{ ...connectionsFeature, module: ConnectionsModule.forRoot({ resolveHost }) }`.
 */
export const connectionsFeature = defineFeature({
  name: 'connections',
  module: ConnectionsModule.forRoot(),
  entities: [ConnectionEntity, ClusterEntity],
  migrations: CONNECTIONS_MIGRATIONS,
  answers: [connectionCredentialsRequest],
  config: { token: CONNECTIONS_CONFIG, shape: CONNECTIONS_CONFIG_SHAPE, build: connectionsConfigOf },
});
