import { Module } from '@nestjs/common';
import { INVENTORY_CONFIG, loadInventoryConfig } from './config/inventory.config.js';
import { InventoryResolver } from './graphql/inventory.resolver.js';
import { HistoryPurger } from './history/history-purger.js';
import { InventoryIngestHandler } from './ingest/inventory-ingest.handler.js';
import { ResourceChangeFeed } from './live/resource-change.feed.js';
import { InventoryQuery } from './query/inventory-query.js';
import { InventoryRepository } from './query/inventory.repository.js';
import { InventoryService } from './query/inventory.service.js';

/** Resources of every connected cluster: ingest from DISCOVERY, GraphQL reads, live changes, history purge. */
@Module({
  providers: [
    { provide: INVENTORY_CONFIG, useFactory: () => loadInventoryConfig() },
    InventoryRepository,
    InventoryService,
    InventoryQuery,
    InventoryIngestHandler,
    HistoryPurger,
    ResourceChangeFeed,
    InventoryResolver,
  ],
  exports: [InventoryQuery],
})
export class InventoryModule {}
