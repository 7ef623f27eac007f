import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { withTenant } from '@meshplane/database';
import { DataSource } from 'typeorm';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config.js';

const HOUR_MS = 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 15 * 60 * 1000;
/** Rows deleted per statement: short transactions that never hold many locks or stall ingest. */
const PURGE_BATCH = 5_000;

/**
 * Deletes resource history older than the retention, organization by organization (the only
 * cross-tenant step, which organizations have old rows, is the migration's SECURITY DEFINER function).
 */
@Injectable()
export class HistoryPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HistoryPurger.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(INVENTORY_CONFIG) private readonly config: InventoryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.purge(new Date())
        .catch((error: unknown) => this.logger.warn(`history purge failed: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes every history row older than the retention as of `now`; returns how many. */
  async purge(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.INVENTORY_HISTORY_RETENTION_HOURS * HOUR_MS);
    const orgs = (await this.dataSource.query(
      'SELECT org_id FROM "meshsync_ingest"."inventory_history_orgs_before"($1::timestamptz) AS org_id',
      [cutoff.toISOString()],
    )) as { org_id: string }[];
    let purged = 0;
    for (const { org_id: orgId } of orgs) purged += await this.purgeOrg(orgId, cutoff);
    return purged;
  }

  private async purgeOrg(orgId: string, cutoff: Date): Promise<number> {
    let purged = 0;
    for (;;) {
      const deleted = await withTenant(this.dataSource, orgId, async (manager) => {
        const [result] = (await manager.query(
          `WITH doomed AS (
             SELECT ctid FROM "meshsync_ingest"."resource_history"
             WHERE org_id = $1::uuid AND at < $2::timestamptz LIMIT ${PURGE_BATCH}
           ), gone AS (
             DELETE FROM "meshsync_ingest"."resource_history" h USING doomed WHERE h.ctid = doomed.ctid
             RETURNING 1
           )
           SELECT count(*)::int AS deleted FROM gone`,
          [orgId, cutoff.toISOString()],
        )) as { deleted: number }[];
        return result?.deleted ?? 0;
      });
      purged += deleted;
      if (deleted < PURGE_BATCH) return purged;
    }
  }
}
