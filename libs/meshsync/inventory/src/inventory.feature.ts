import { connectionsFeature } from '@meshplane/meshsync-connections';
import { defineFeature } from '@meshplane/service-kit';
import { INVENTORY_CONFIG, inventoryConfigShape } from './config/inventory.config.js';
import { INVENTORY_ENTITIES } from './entities/inventory.entities.js';
import { INVENTORY_CONSUMERS, INVENTORY_STREAMS } from './ingest/inventory.consumers.js';
import { InventoryModule } from './inventory.module.js';
import { INVENTORY_MIGRATIONS } from './migrations/inventory.migrations.js';

/**
 * The inventory as a service runs it. It requires the connections feature: ingest refuses a message whose
 * cluster is not in that feature's `clusters` table for the message's organization.
 */
export const inventoryFeature = defineFeature({
  name: 'inventory',
  module: InventoryModule,
  entities: INVENTORY_ENTITIES,
  migrations: INVENTORY_MIGRATIONS,
  streams: INVENTORY_STREAMS,
  consumers: INVENTORY_CONSUMERS,
  /** The resourceChanged subscription follows DISCOVERY live. */
  liveStreams: INVENTORY_STREAMS,
  config: { token: INVENTORY_CONFIG, shape: inventoryConfigShape },
  requires: [connectionsFeature],
});
