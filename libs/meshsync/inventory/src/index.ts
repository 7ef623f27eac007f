/** @meshplane/meshsync-inventory: see README.md. */
export { inventoryFeature } from './inventory.feature.js';
export { InventoryModule } from './inventory.module.js';
export { ResourceEntity } from './entities/resource.entity.js';
export { ResourceHistoryEntity } from './entities/resource-history.entity.js';
export {
  inventoryResourceChangesConsumer,
  inventorySyncMarkersConsumer,
} from './ingest/inventory.consumers.js';
export { INVENTORY_CONFIG, type InventoryConfig } from './config/inventory.config.js';
export {
  startInventoryIngest,
  type InventoryIngest,
  type InventoryIngestOptions,
} from './ingest/inventory-ingest.js';
export { InventoryWriter, type SyncOutcome } from './ingest/inventory-writer.js';
export { KindSyncLedger, includesSync, type CommittedSync } from './query/kind-sync-ledger.js';
export { isNewerSync } from './ingest/sync-order.js';
export { InventoryQuery, type InventoryListOptions, type InventoryObject } from './query/inventory-query.js';
export { HistoryPurger } from './history/history-purger.js';
export { compareResourceVersions, resourceVersionNumber } from './ingest/resource-version.js';
