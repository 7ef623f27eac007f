import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MessagingClient } from '@meshplane/messaging';
import { Clock } from '@meshplane/runtime';
import { DataSource } from 'typeorm';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config.js';
import { startInventoryIngest, type InventoryIngest } from './inventory-ingest.js';

/** Starts the inventory's consumers with the service and drains them before the database closes. */
@Injectable()
export class InventoryIngestHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private ingest?: InventoryIngest;

  constructor(
    private readonly client: MessagingClient,
    private readonly dataSource: DataSource,
    @Inject(INVENTORY_CONFIG) private readonly config: InventoryConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.ingest = startInventoryIngest(this.client, this.dataSource, {
      clock: this.clock,
      concurrency: this.config.INVENTORY_INGEST_CONCURRENCY,
      commitConcurrency: this.config.INVENTORY_COMMIT_CONCURRENCY,
    });
  }

  /** Resolves once the consumers are pulling. */
  async ready(): Promise<void> {
    await this.ingest?.ready;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ingest?.stop();
  }
}
