import { connectionsFeature } from '@meshplane/meshsync-connections';
import { discoveryStream } from '@meshplane/contracts';
import { inventoryFeature } from '@meshplane/meshsync-inventory';
import { defineFeature } from '@meshplane/service-kit';
import {
  DISCOVERY_CONFIG,
  DISCOVERY_CONFIG_SHAPE,
  discoveryConfigOf,
  refineDiscoveryConfig,
} from './config/discovery.config.js';
import { DiscoveryModule } from './discovery.module.js';
import { DiscoveryLeaseEntity } from './entities/discovery-lease.entity.js';
import { DiscoveryReplicaEntity } from './entities/discovery-replica.entity.js';
import { DISCOVERY_MIGRATIONS } from './migrations/discovery.migrations.js';

/**
 * Kubernetes discovery as a service runs it. Requires connections (which clusters, their credentials) and the
 * inventory (a cluster is SYNCED once the inventory has committed what discovery listed).
 */
export const discoveryFeature = defineFeature({
  name: 'discovery',
  module: DiscoveryModule,
  entities: [DiscoveryLeaseEntity, DiscoveryReplicaEntity],
  migrations: DISCOVERY_MIGRATIONS,
  streams: [discoveryStream],
  config: {
    token: DISCOVERY_CONFIG,
    shape: DISCOVERY_CONFIG_SHAPE,
    refine: refineDiscoveryConfig,
    build: discoveryConfigOf,
  },
  requires: [connectionsFeature, inventoryFeature],
});
