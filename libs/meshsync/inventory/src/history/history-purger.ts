import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Clock } from '@meshplane/runtime';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config.js';
import { ResourceHistoryRepository } from './resource-history.repository.js';

const HOUR_MS = 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 15 * 60 * 1000;
/** Rows deleted per statement: short transactions that never hold many locks or stall ingest. */
const PURGE_BATCH = 5_000;

/** Deletes resource history older than the retention, every 15 minutes, organization by organization. */
@Injectable()
export class HistoryPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HistoryPurger.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly history: ResourceHistoryRepository,
    private readonly clock: Clock,
    @Inject(INVENTORY_CONFIG) private readonly config: InventoryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.purge()
        .catch((error: unknown) => this.logger.warn(`history purge failed: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes every history row older than the retention as of the clock's now; returns how many. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.clock.nowMs() - this.config.INVENTORY_HISTORY_RETENTION_HOURS * HOUR_MS);
    let purged = 0;
    for (const orgId of await this.history.orgsWithHistoryBefore(cutoff)) {
      for (;;) {
        const deleted = await this.history.deleteBefore(orgId, cutoff, PURGE_BATCH);
        purged += deleted;
        if (deleted < PURGE_BATCH) break;
      }
    }
    return purged;
  }
}
