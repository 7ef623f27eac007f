import { systemClock } from '@meshplane/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadLetterSubjectFor,
  defineConsumer,
  discoveryStream,
  resourceChangesEvent,
  syncMarkerEvent,
  type ConsumerDefinition,
  type ResourceChanges,
} from '@meshplane/contracts';
import { createServiceDataSource } from '@meshplane/database';
import { connectMessaging, ensureTopology, Publisher, type MessagingClient } from '@meshplane/messaging';
import { migrateService, provisionService } from '@meshplane/service-kit';
import { freshDatabase, startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import type { DataSource } from 'typeorm';
import { startInventoryIngest, type InventoryIngest } from '../ingest/inventory-ingest.js';
import { inventoryResourceChangesConsumer } from '../ingest/inventory.consumers.js';
import { changes, completed, DEPLOYMENT, newId, syncId, upsert } from './fixtures/discovery-events.js';
import { inventoryTestService } from './fixtures/inventory-test.service.js';
import { registerCluster } from './fixtures/clusters.js';
import { processEnv } from '@meshplane/config';

/** Objects in the sync: `INVENTORY_LARGE_SYNC_OBJECTS=200000` for the full-size run (about a minute per sync). */
const OBJECTS = Number(processEnv()['INVENTORY_LARGE_SYNC_OBJECTS'] ?? '20000');
const PAGE = 1_000;
/** Generous waits that grow with the sync: a full-size run on a loaded machine takes minutes. */
const PATIENCE_MS = Math.max(120_000, OBJECTS * 3);
const REMOVED_EVERY = 10;

/**
 * Redelivery limits far below the service's, so a marker that waited for its objects by being redelivered
 * (the old behaviour) would be dead-lettered here within a second, long before its pages are stored.
 */
const impatientMarkers: ConsumerDefinition = defineConsumer({
  stream: discoveryStream,
  durable: 'inventory-large-sync-markers',
  filterSubject: 'discovery.v1.*.*.*.sync',
  ackWaitMs: 2_000,
  maxDeliver: 2,
  backoffMs: [50],
  maxAckPending: 100,
  deadLetterSubject: deadLetterSubjectFor(discoveryStream.name, 'inventory-large-sync-markers'),
});
const changesConsumer: ConsumerDefinition = defineConsumer({
  ...inventoryResourceChangesConsumer,
  durable: 'inventory-large-sync-changes',
  deadLetterSubject: deadLetterSubjectFor(discoveryStream.name, 'inventory-large-sync-changes'),
});

describe('a large sync', () => {
  let nats: NatsServer;
  let client: MessagingClient;
  let admin: pg.Client;
  let dataSource: DataSource;
  let ingest: InventoryIngest;

  beforeAll(async () => {
    nats = await startTestNats();
    const adminUrl = await freshDatabase('inventory-large-sync');
    const provisioned = await provisionService(
      'meshsync-ingest',
      adminUrl,
      'large-sync-app-password',
      `large${Date.now() % 1e6}`,
    );
    const { pending } = await migrateService(inventoryTestService, provisioned.ownerUrl);
    expect(pending).toEqual([]);
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    dataSource = createServiceDataSource({
      url: provisioned.appUrl,
      schema: 'meshsync_ingest',
      entities: [],
      migrations: [],
      applicationName: 'inventory-large-sync',
    });
    await dataSource.initialize();
    client = await connectMessaging({ url: nats.url, name: 'inventory-large-sync' });
    await ensureTopology(client, {
      streams: [discoveryStream],
      consumers: [changesConsumer, impatientMarkers],
    });
    ingest = startInventoryIngest(client, dataSource, {
      clock: systemClock,
      concurrency: 16,
      commitConcurrency: 3,
      consumers: { resourceChanges: changesConsumer, syncMarkers: impatientMarkers },
    });
    await ingest.ready;
  }, 120_000);

  afterAll(async () => {
    await ingest?.stop();
    await dataSource?.destroy();
    await admin?.end();
    await client?.close();
    await nats?.stop();
  });

  const drained = (consumer: ConsumerDefinition) => async () => {
    const info = await client.jsm.consumers.info(consumer.stream.name, consumer.durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };

  it(
    `whose completed marker arrives long before its ${OBJECTS} objects are stored tombstones exactly the objects it did not list`,
    async () => {
      const org = newId();
      const cluster = newId();
      await registerCluster(admin, org, cluster);
      const publisher = new Publisher(client);
      const uids = Array.from({ length: OBJECTS }, (_, i) => `obj-${i}`);
      const pages = (sync: string, listed: string[]): ResourceChanges[] => {
        const result: ResourceChanges[] = [];
        for (let i = 0; i < listed.length; i += PAGE) {
          const page = listed
            .slice(i, i + PAGE)
            .map((uid) => upsert(DEPLOYMENT, { uid, name: uid, namespace: 'big', rv: 1, syncId: sync }));
          result.push(changes(org, cluster, DEPLOYMENT, page));
        }
        return result;
      };
      const storedCount = async (sql: string) =>
        (await admin.query<{ n: number }>(sql, [org, cluster])).rows[0]?.n ?? 0;

      // Every object known from a first sync.
      await publisher.publishMany(resourceChangesEvent, pages(syncId(1), uids), { tenant: org, window: 32 });
      await waitFor(
        async () =>
          (await storedCount(
            'SELECT count(*)::int AS n FROM meshsync_ingest.resources WHERE org_id = $1 AND cluster_id = $2',
          )) === OBJECTS,
        { description: 'the first sync stored', timeoutMs: PATIENCE_MS, intervalMs: 500 },
      );

      // The second sync no longer lists every tenth object. Its completed marker is handled before any page.
      const kept = uids.filter((_, i) => i % REMOVED_EVERY !== 0);
      const removed = uids.filter((_, i) => i % REMOVED_EVERY === 0);
      await publisher.publish(
        syncMarkerEvent,
        completed(org, cluster, DEPLOYMENT, syncId(2), kept.length, 2),
        {
          tenant: org,
        },
      );
      await waitFor(drained(impatientMarkers), { description: 'the marker handled', timeoutMs: 10_000 });
      await publisher.publishMany(resourceChangesEvent, pages(syncId(2), kept), { tenant: org, window: 32 });

      await waitFor(
        async () =>
          (await storedCount(
            `SELECT count(*)::int AS n FROM meshsync_ingest.kind_syncs
           WHERE org_id = $1 AND cluster_id = $2 AND reconciled_sync_id IS NOT NULL`,
          )) === 1,
        { description: 'the second sync reconciled', timeoutMs: PATIENCE_MS, intervalMs: 500 },
      );
      await waitFor(drained(changesConsumer), { description: 'every page acked', timeoutMs: 30_000 });
      const { rows } = await admin.query<{ uid: string }>(
        `SELECT uid FROM meshsync_ingest.resources
       WHERE org_id = $1 AND cluster_id = $2 AND deleted_at IS NOT NULL`,
        [org, cluster],
      );
      expect(rows.map((r) => r.uid).sort()).toEqual([...removed].sort());
      expect(
        await storedCount(
          `SELECT count(*)::int AS n FROM meshsync_ingest.resources
         WHERE org_id = $1 AND cluster_id = $2 AND deleted_at IS NULL AND last_sync_id = '${syncId(2)}'`,
        ),
      ).toBe(kept.length);
    },
    3 * PATIENCE_MS,
  );
});
