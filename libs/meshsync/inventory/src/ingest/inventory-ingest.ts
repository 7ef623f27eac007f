import {
  resourceChangesEvent,
  syncMarkerEvent,
  type ConsumerDefinition,
  type ResourceChanges,
  type SyncMarker,
} from '@meshplane/contracts';
import type { DataSource } from 'typeorm';
import type { Clock } from '@meshplane/runtime';
import {
  consume,
  PermanentError,
  type ConsumerHandle,
  type MessagingClient,
  type ReceivedEvent,
} from '@meshplane/messaging';
import { ClusterOwnership } from './cluster-ownership.js';
import { GroupCommitter } from './group-commit.js';
import { inventoryResourceChangesConsumer, inventorySyncMarkersConsumer } from './inventory.consumers.js';
import { InventoryWriter } from './inventory-writer.js';

export interface InventoryIngestOptions {
  /** The service's Clock: the commit time the writer stores. */
  clock: Clock;
  /** Change batches in flight at once (and so the most one commit can group). */
  concurrency: number;
  /** Groups of one organization committed at once (default 1: one after another). */
  commitConcurrency?: number;
  /** Other durable consumers than the service's (tests lower the redelivery limits with their own). */
  consumers?: { resourceChanges: ConsumerDefinition; syncMarkers: ConsumerDefinition };
}

export interface InventoryIngest {
  /** Resolves once both consumers are pulling. */
  readonly ready: Promise<void>;
  /** Stops pulling and waits until every batch in flight is committed (and acked) or handed back. */
  stop(): Promise<void>;
}

/** Rows written by one statement at most: big enough to amortise the round trip, small enough to stay quick. */
const MAX_ROWS_PER_COMMIT = 5_000;
const SYNC_MARKER_CONCURRENCY = 4;

/**
 * Runs the inventory's two durable consumers on DISCOVERY: change batches (grouped into shared
 * transactions, each acked after its commit) and sync markers (reconcile on `completed`). Before anything
 * is written, a message's cluster must belong to the organization in its tenant header (ClusterOwnership).
 */
export function startInventoryIngest(
  client: MessagingClient,
  dataSource: DataSource,
  options: InventoryIngestOptions,
): InventoryIngest {
  const writer = new InventoryWriter(dataSource, options.clock);
  const ownership = new ClusterOwnership(dataSource);
  const committer = new GroupCommitter<ResourceChanges>(
    (orgId, batches) => writer.storeChanges(orgId, batches),
    (batch) => batch.changes.length,
    MAX_ROWS_PER_COMMIT,
    options.commitConcurrency ?? 1,
  );
  const handles: ConsumerHandle[] = [
    consume(
      client,
      options.consumers?.resourceChanges ?? inventoryResourceChangesConsumer,
      resourceChangesEvent,
      async (msg: ReceivedEvent<ResourceChanges>) => {
        const orgId = tenantOf(msg);
        await ownership.assertOwned(orgId, msg.data.clusterId);
        await committer.submit(orgId, msg.data);
      },
      { concurrency: options.concurrency },
    ),
    consume(
      client,
      options.consumers?.syncMarkers ?? inventorySyncMarkersConsumer,
      syncMarkerEvent,
      async (msg: ReceivedEvent<SyncMarker>) => {
        await ownership.assertOwned(tenantOf(msg), msg.data.clusterId);
        await writer.applySyncMarker(msg.data);
      },
      { concurrency: SYNC_MARKER_CONCURRENCY },
    ),
  ];
  return {
    ready: Promise.all(handles.map((h) => h.ready)).then(() => undefined),
    stop: async () => {
      await Promise.all(handles.map((h) => h.stop()));
    },
  };
}

/**
 * The tenant a message is stored under: its header, which must name the organization of the payload.
 * A message without it, or claiming another organization's data, can never be stored: it is parked.
 */
export function tenantOf(msg: ReceivedEvent<{ orgId: string }>): string {
  if (msg.tenant === undefined) throw new PermanentError('message carries no tenant header');
  if (msg.tenant.toLowerCase() !== msg.data.orgId.toLowerCase()) {
    throw new PermanentError('the tenant header and the payload name different organizations');
  }
  return msg.data.orgId.toLowerCase();
}
