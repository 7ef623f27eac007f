/** @meshplane/inventory: see README.md. */
export { InventoryModule } from './inventory.module.js';
export { INVENTORY_ENTITIES } from './entities/inventory.entities.js';
export { ResourceEntity } from './entities/resource.entity.js';
export { ResourceHistoryEntity } from './entities/resource-history.entity.js';
export { INVENTORY_MIGRATIONS } from './migrations/inventory.migrations.js';
export {
  INVENTORY_CONSUMERS,
  INVENTORY_STREAMS,
  inventoryResourceChangesConsumer,
  inventorySyncMarkersConsumer,
} from './ingest/inventory.consumers.js';
export {
  inventoryConfigSchema,
  inventoryConfigShape,
  loadInventoryConfig,
  type InventoryConfig,
} from './config/inventory.config.js';
export {
  startInventoryIngest,
  type InventoryIngest,
  type InventoryIngestOptions,
} from './ingest/inventory-ingest.js';
export { InventoryWriter, type SyncOutcome } from './ingest/inventory-writer.js';
export { KindSyncLedger, includesSync, type CommittedSync } from './query/kind-sync-ledger.js';
export { InventoryQuery, type InventoryListOptions, type InventoryObject } from './query/inventory-query.js';
export { HistoryPurger } from './history/history-purger.js';
export { compareResourceVersions, resourceVersionNumber } from './ingest/resource-version.js';
