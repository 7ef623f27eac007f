import { Module, type DynamicModule } from '@nestjs/common';
import { ClusterDirectory } from '@meshplane/cluster-connections';
import type { Env } from '@meshplane/config';
import { KindSyncLedger } from '@meshplane/inventory';
import { MessagingClient } from '@meshplane/messaging';
import { SERVICE_IDENTITY, type ServiceIdentity } from '@meshplane/runtime';
import { DataSource } from 'typeorm';
import { DISCOVERY_CONFIG, loadDiscoveryConfig, type DiscoveryConfig } from './config/discovery.config.js';
import { createDiscoveryRuntime } from './discovery.factory.js';
import { DiscoveryLifecycle, discoveryLogger } from './discovery.lifecycle.js';
import { DiscoveryResolver } from './graphql/discovery.resolver.js';
import { CLUSTER_LOCATOR, type ClusterLocator } from './leases/cluster-locator.js';
import { DiscoveryLeaseRepository } from './leases/discovery-lease.repository.js';
import { DiscoveryRuntime } from './leases/discovery.runtime.js';
import { DiscoveryStatusService } from './status/discovery-status.service.js';

export interface DiscoveryModuleOptions {
  /** Where DISCOVERY_* variables come from; the process environment by default. */
  env?: Env;
}

/**
 * Kubernetes discovery: leases, list/watch per kind, JetStream publishing, sync status and resync in GraphQL.
 * Needs the connections feature's (global) ConnectionsModule in the same service for ClusterDirectory, and the
 * inventory's tables (its sync status counts a kind as synced once the inventory has committed it).
 */
@Module({})
export class DiscoveryModule {
  static forRoot(options: DiscoveryModuleOptions = {}): DynamicModule {
    return {
      module: DiscoveryModule,
      providers: [
        { provide: DISCOVERY_CONFIG, useFactory: () => loadDiscoveryConfig(options.env) },
        { provide: CLUSTER_LOCATOR, useExisting: ClusterDirectory },
        {
          provide: DiscoveryLeaseRepository,
          useFactory: (dataSource: DataSource) => new DiscoveryLeaseRepository(dataSource),
          inject: [DataSource],
        },
        {
          provide: KindSyncLedger,
          useFactory: (dataSource: DataSource) => new KindSyncLedger(dataSource),
          inject: [DataSource],
        },
        {
          provide: DiscoveryRuntime,
          useFactory: (
            config: DiscoveryConfig,
            identity: ServiceIdentity,
            dataSource: DataSource,
            locator: ClusterLocator,
            messaging: MessagingClient,
          ) =>
            createDiscoveryRuntime({
              config,
              instanceId: identity.instance,
              dataSource,
              locator,
              messaging,
              onError: (error) => discoveryLogger.warn(`lease loop: ${String(error)}`),
            }),
          inject: [DISCOVERY_CONFIG, SERVICE_IDENTITY, DataSource, CLUSTER_LOCATOR, MessagingClient],
        },
        DiscoveryStatusService,
        DiscoveryResolver,
        DiscoveryLifecycle,
      ],
      exports: [DiscoveryStatusService, DiscoveryRuntime],
    };
  }
}
