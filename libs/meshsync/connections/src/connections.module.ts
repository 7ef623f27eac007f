import { type DynamicModule, Module } from '@nestjs/common';
import { type HostLookup } from '@meshplane/k8s';
import {
  CONNECTIONS_CONFIG,
  SERVER_URL_POLICY,
  serverUrlPolicyOf,
  type ConnectionsConfig,
} from './config/connections.config.js';
import { ClusterDirectory } from './directory/cluster-directory.js';
import { ConnectionCredentialsResponder } from './credentials/connection-credentials.responder.js';
import { ClustersResolver } from './graphql/clusters.resolver.js';
import { ConnectionsQueryService } from './graphql/connections-query.service.js';
import { ConnectionsResolver } from './graphql/connections.resolver.js';
import { ConnectionProber } from './lifecycle/connection-prober.js';
import { ConnectionsService } from './lifecycle/connections.service.js';
import { ClustersRepository } from './persistence/clusters.repository.js';
import { ConnectionPingWorker } from './ping/connection-ping.worker.js';
import { ConnectionStatusEvents } from './lifecycle/connection-status.events.js';
import { ConnectionsRepository } from './persistence/connections.repository.js';
import { CrossTenantRepository } from './persistence/cross-tenant.repository.js';

export interface ConnectionsModuleOptions {
  /** Replaces the system resolver in the SSRF policy (tests: a name resolving to a chosen address). */
  resolveHost?: HostLookup;
}

/**
 * Cluster connections: kubeconfig import, probing, the periodic ping, and the GraphQL for connections and
 * clusters. Global, so ClusterDirectory and ConnectionStatusEvents are injectable by other features of the
 * service without importing this module again (a second import would start a second ping worker). Its config
 * (CONNECTIONS_CONFIG) comes from the service: see connections.feature.ts.
 */
@Module({})
export class ConnectionsModule {
  static forRoot(options: ConnectionsModuleOptions = {}): DynamicModule {
    return {
      module: ConnectionsModule,
      global: true,
      providers: [
        {
          provide: SERVER_URL_POLICY,
          useFactory: (config: ConnectionsConfig) => serverUrlPolicyOf(config, options.resolveHost),
          inject: [CONNECTIONS_CONFIG],
        },
        ConnectionsRepository,
        ClustersRepository,
        CrossTenantRepository,
        ConnectionsService,
        ConnectionsQueryService,
        ConnectionPingWorker,
        ConnectionsResolver,
        ClustersResolver,
        ConnectionProber,
        ConnectionStatusEvents,
        ClusterDirectory,
        ConnectionCredentialsResponder,
      ],
      exports: [ClusterDirectory, ConnectionStatusEvents],
    };
  }
}
