import { Injectable } from '@nestjs/common';
import { parseTenantId } from '@meshplane/database';
import { isUuid } from '@meshplane/runtime';
import { InventoryRepository } from './inventory.repository.js';

/** What the fingerprints library reads of each live object. */
export interface InventoryObject {
  kind: string;
  namespace: string | null;
  name: string;
  labels: Record<string, string>;
  object: Record<string, unknown>;
}

export interface InventoryListOptions {
  /** Kind names, e.g. ['Deployment', 'Pod']; at least one. */
  kinds: readonly string[];
  namespace?: string;
  /** Objects per batch (and per transaction); 500 by default. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 500;
const MAX_BATCH_SIZE = 5_000;

/**
 * The inventory's service API for other features of meshsync-ingest. Reads are scoped to `orgId`
 * (row-level security): another organization's cluster id simply yields nothing.
 */
@Injectable()
export class InventoryQuery {
  constructor(private readonly repository: InventoryRepository) {}

  /** Live objects of the kinds in one cluster, in batches by uid, each batch read in its own transaction. */
  async *list(
    orgId: string,
    clusterId: string,
    options: InventoryListOptions,
  ): AsyncIterable<InventoryObject[]> {
    const tenant = parseTenantId(orgId);
    if (!isUuid(clusterId)) throw new RangeError('clusterId must be a UUID');
    const cluster = clusterId.toLowerCase();
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new RangeError(`batchSize must be between 1 and ${MAX_BATCH_SIZE}, got ${batchSize}`);
    }
    if (options.kinds.length === 0) return;
    let afterUid: string | undefined;
    for (;;) {
      const rows = await this.repository.liveByUid(
        tenant,
        cluster,
        options.kinds,
        options.namespace,
        afterUid,
        batchSize,
      );
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        kind: row.kind,
        namespace: row.namespace === '' ? null : row.namespace,
        name: row.name,
        labels: row.labels,
        object: row.object ?? {},
      }));
      if (rows.length < batchSize) return;
      afterUid = rows.at(-1)?.uid;
    }
  }

  /** Everything `list` yields, in one array (for small clusters and tests). */
  async listAll(orgId: string, clusterId: string, options: InventoryListOptions): Promise<InventoryObject[]> {
    const all: InventoryObject[] = [];
    for await (const batch of this.list(orgId, clusterId, options)) all.push(...batch);
    return all;
  }
}
