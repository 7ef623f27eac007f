import type { z } from 'zod';
import { envInt } from '@meshplane/config';

/** The inventory's own variables, validated by the service at start with every other feature's. */
export const inventoryConfigShape = {
  /** How long each stored state of an object stays queryable in resourceHistory. */
  INVENTORY_HISTORY_RETENTION_HOURS: envInt(72, 1, 24 * 365),
  /** Change batches handled at once by one replica; they are committed together (group commit). */
  INVENTORY_INGEST_CONCURRENCY: envInt(32, 1, 512),
  /**
   * Groups of one organization committed at once: while one waits on its commit the next is written.
   * Safe in any commit order (resourceVersion and sync-id guards, rows locked in key order).
   */
  INVENTORY_COMMIT_CONCURRENCY: envInt(3, 1, 16),
};

export type InventoryConfig = z.output<z.ZodObject<typeof inventoryConfigShape>>;

/** What the inventory's classes inject to read their validated config. */
export const INVENTORY_CONFIG = Symbol('INVENTORY_CONFIG');
