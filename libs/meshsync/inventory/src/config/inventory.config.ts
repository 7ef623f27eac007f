import type { z } from 'zod';
import { envInt } from '@meshplane/config';

/** The inventory's own variables, validated by the service at start with every other feature's. */
export const inventoryConfigShape = {
  /** How long each stored state of an object stays queryable in resourceHistory. */
  INVENTORY_HISTORY_RETENTION_HOURS: envInt(72, 1, 24 * 365),
  /** Change batches handled at once by one replica; they are committed together (group commit). */
  INVENTORY_INGEST_CONCURRENCY: envInt(32, 1, 512),
  /**
   * Groups of one organization committed at once: while one is written by the database the next is
   * prepared and sent. Safe in any commit order (resourceVersion and sync-id guards, rows locked in key
   * order). About the database's cores: on 2 cores, 2 ingested ~1.5x as fast as 1 or 3 (3 backends and
   * the service fought for the cores and spent more CPU per row).
   */
  INVENTORY_COMMIT_CONCURRENCY: envInt(2, 1, 16),
};

export type InventoryConfig = z.output<z.ZodObject<typeof inventoryConfigShape>>;

/** What the inventory's classes inject to read their validated config. */
export const INVENTORY_CONFIG = Symbol('INVENTORY_CONFIG');
