/** @meshplane/meshsync-connections: see README.md. */
export { connectionsFeature } from './connections.feature.js';
export { ClusterEntity } from './entities/cluster.entity.js';
export { ConnectionEntity } from './entities/connection.entity.js';
export { ConnectionsModule, type ConnectionsModuleOptions } from './connections.module.js';
export { type ConnectionsConfig } from './config/connections.config.js';
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
export {
  rotateCredentials,
  rotateCredentialsConfigShape,
  type RotateCredentialsConfig,
} from './rotation/rotate-credentials.command.js';
