/** @meshplane/cluster-connections: see README.md. */
import { ClusterEntity } from './entities/cluster.entity.js';
import { ConnectionEntity } from './entities/connection.entity.js';

export { ClusterEntity, ConnectionEntity };
export const CONNECTIONS_ENTITIES = [ConnectionEntity, ClusterEntity];
export { CONNECTIONS_MIGRATIONS } from './migrations/index.js';
export { ConnectionsModule, type ConnectionsModuleOptions } from './connections.module.js';
export {
  CONNECTIONS_CONFIG_SHAPE,
  loadConnectionsConfig,
  type ConnectionsConfig,
} from './config/connections.config.js';
export { parseCredentialKeyring } from './config/credentials-keyring.js';
export { ClusterDirectory } from './directory/cluster-directory.js';
export { ClusterNotConnectedError } from './directory/cluster-not-connected.error.js';
export type { ConnectedCluster } from './persistence/connection-ref.js';
export {
  ConnectionStatusEvents,
  type ConnectionStatusChange,
  type ConnectionStatusListener,
} from './lifecycle/connection-status.events.js';
export { CredentialsUnavailableError } from './lifecycle/credentials-unavailable.error.js';
export type { ConnectionStatusValue, ClusterStatusValue } from './entities/connection-status.js';
export { ConnectionPingWorker } from './ping/connection-ping.worker.js';
export {
  rotateConnectionCredentials,
  type RotationOptions,
  type RotationReport,
} from './rotation/credentials-rotation.js';
export { rotateCredentialsCli } from './rotation/rotate-credentials.cli.js';
