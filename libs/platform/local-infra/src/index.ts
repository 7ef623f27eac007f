export { getFreePort } from './process/free-port.js';
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type PostgresServer,
} from './postgres/embedded-postgres.server.js';
export {
  ensureNatsServerBinary,
  findNatsServerBinary,
  type EnsureNatsServerOptions,
} from './nats/nats-binary.js';
export { renderNatsAuthorization, type NatsUser } from './nats/nats-auth-config.js';
export { startNatsServer, type NatsServer, type NatsServerOptions } from './nats/nats.server.js';
export {
  DEFAULT_NATS_PORT,
  DEFAULT_POSTGRES_PORT,
  startLocalInfra,
  type LocalInfra,
  type LocalInfraOptions,
} from './local-infra.js';
export { isReachableByPostgresUser, postgresDataLocation } from './postgres/postgres-data-location.js';
export { inspectCluster, type ClusterState } from './postgres/postgres-cluster-files.js';
