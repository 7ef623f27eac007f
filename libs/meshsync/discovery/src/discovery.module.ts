import { Module } from '@nestjs/common';
import { ClusterDirectory } from '@meshplane/meshsync-connections';
import { KindSyncLedger } from '@meshplane/meshsync-inventory';
import { MessagingClient } from '@meshplane/messaging';
import { Clock, SERVICE_IDENTITY, type ServiceIdentity } from '@meshplane/runtime';
import { DataSource } from 'typeorm';
import { DISCOVERY_CONFIG, type DiscoveryConfig } from './config/discovery.config.js';
import { createDiscoveryRuntime } from './discovery.factory.js';
import { DiscoveryLifecycle, discoveryLogger } from './discovery.lifecycle.js';
import { DiscoveryResolver } from './graphql/discovery.resolver.js';
import { CLUSTER_LOCATOR, type ClusterLocator } from './leases/cluster-locator.js';
import { DiscoveryLeaseRepository } from './leases/discovery-lease.repository.js';
import { DiscoveryRuntime } from './leases/discovery.runtime.js';
import { DiscoveryStatusService } from './status/discovery-status.service.js';

/**
 * Kubernetes discovery: leases, list/watch per kind, JetStream publishing, sync status and resync in GraphQL.
 * Needs the connections feature's (global) ConnectionsModule in the same service for ClusterDirectory, and the
 * inventory's tables (its sync status counts a kind as synced once the inventory has committed it): see
 * discovery.feature.ts, which also says where DISCOVERY_CONFIG comes from.
 */
@Module({
  providers: [
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
        clock: Clock,
      ) =>
        createDiscoveryRuntime({
          config,
          instanceId: identity.instance,
          dataSource,
          locator,
          messaging,
          clock,
          onError: (error) => discoveryLogger.warn(`lease loop: ${String(error)}`),
        }),
      inject: [DISCOVERY_CONFIG, SERVICE_IDENTITY, DataSource, CLUSTER_LOCATOR, MessagingClient, Clock],
    },
    DiscoveryStatusService,
    DiscoveryResolver,
    DiscoveryLifecycle,
  ],
  exports: [DiscoveryStatusService, DiscoveryRuntime],
})
export class DiscoveryModule {}
