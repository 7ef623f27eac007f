import { Module } from '@nestjs/common';
import { InventoryResolver } from './graphql/inventory.resolver.js';
import { HistoryPurger } from './history/history-purger.js';
import { ResourceHistoryRepository } from './history/resource-history.repository.js';
import { InventoryIngestHandler } from './ingest/inventory-ingest.handler.js';
import { ResourceChangeFeed } from './live/resource-change.feed.js';
import { InventoryQuery } from './query/inventory-query.js';
import { InventoryRepository } from './query/inventory.repository.js';
import { InventoryService } from './query/inventory.service.js';

/**
 * Resources of every connected cluster: ingest from DISCOVERY, GraphQL reads, live changes, history purge.
 * Its config (INVENTORY_CONFIG) comes from the service (see inventory.feature.ts).
 */
@Module({
  providers: [
    InventoryRepository,
    InventoryService,
    InventoryQuery,
    InventoryIngestHandler,
    ResourceHistoryRepository,
    HistoryPurger,
    ResourceChangeFeed,
    InventoryResolver,
  ],
  exports: [InventoryQuery],
})
export class InventoryModule {}
