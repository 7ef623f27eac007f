import { Clock, ManualClock, systemClock } from '@meshplane/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadLetterSchema,
  deadLetterStream,
  deadLetterSubjectFor,
  resourceChangesEvent,
  syncMarkerEvent,
} from '@meshplane/contracts';
import { MessagingClient, Publisher } from '@meshplane/messaging';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { startTestService, type TestService } from '@meshplane/service-testing';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from '@meshplane/database';
import { HistoryPurger } from '../history/history-purger.js';
import { KindSyncLedger } from '../query/kind-sync-ledger.js';
import { InventoryIngestHandler } from '../ingest/inventory-ingest.handler.js';
import { InventoryWriter } from '../ingest/inventory-writer.js';
import { LOCK_KIND_SQL } from '../ingest/inventory-write.sql.js';
import {
  inventoryResourceChangesConsumer,
  inventorySyncMarkersConsumer,
} from '../ingest/inventory.consumers.js';
import {
  changes,
  completed,
  CONFIG_MAP,
  DEPLOYMENT,
  newId,
  remove,
  syncId,
  upsert,
} from './fixtures/discovery-events.js';
import { registerCluster } from './fixtures/clusters.js';
import { inventoryTestService } from './fixtures/inventory-test.service.js';

interface StoredRow {
  uid: string;
  resource_version: string;
  deleted_at: Date | null;
  last_sync_id: string | null;
  name: string;
  object: Record<string, unknown> | null;
}

describe('inventory ingest (DISCOVERY → Postgres)', () => {
  let nats: NatsServer;
  let svc: TestService;
  let admin: pg.Client;
  let publisher: Publisher;
  let writer: InventoryWriter;

  beforeAll(async () => {
    nats = await startTestNats();
    svc = await startTestService(inventoryTestService, { natsUrl: nats.url, label: 'inventory-ingest' });
    await svc.app.get(InventoryIngestHandler).ready();
    admin = new pg.Client({ connectionString: svc.adminUrl });
    await admin.connect();
    publisher = svc.app.get(Publisher);
    writer = new InventoryWriter(svc.app.get(DataSource), svc.app.get(Clock));
  });

  afterAll(async () => {
    await admin?.end();
    await svc?.close();
    await nats?.stop();
  });

  /** A new cluster of `org`: published messages are stored only for clusters of their organization. */
  const ownedCluster = async (org: string): Promise<string> => {
    const cluster = newId();
    await registerCluster(admin, org, cluster);
    return cluster;
  };

  const rowsOf = async (clusterId: string): Promise<StoredRow[]> =>
    (
      await admin.query<StoredRow>(
        `SELECT uid, resource_version, deleted_at, last_sync_id, name, object
         FROM meshsync_ingest.resources WHERE cluster_id = $1 ORDER BY uid`,
        [clusterId],
      )
    ).rows;

  const rowOf = async (clusterId: string, uid: string) =>
    (await rowsOf(clusterId)).find((r) => r.uid === uid);

  const historyOf = async (clusterId: string, uid: string) =>
    (
      await admin.query<{ resource_version: string; change_type: string }>(
        `SELECT resource_version, change_type FROM meshsync_ingest.resource_history
         WHERE cluster_id = $1 AND uid = $2 ORDER BY rv_num, change_type`,
        [clusterId, uid],
      )
    ).rows;

  it('stores published batches under the tenant of their header and acks them after the commit', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const batch = changes(org, cluster, DEPLOYMENT, [
      upsert(DEPLOYMENT, { uid: 'a', name: 'web', namespace: 'shop', rv: 10, labels: { app: 'web' } }),
      upsert(DEPLOYMENT, { uid: 'b', name: 'api', namespace: 'shop', rv: 11 }),
    ]);

    await publisher.publish(resourceChangesEvent, batch, { tenant: org });

    await waitFor(async () => (await rowsOf(cluster)).length === 2, { description: 'both objects stored' });
    const web = await rowOf(cluster, 'a');
    expect(web).toMatchObject({ resource_version: '10', name: 'web', deleted_at: null });
    expect(web?.object).toMatchObject({ metadata: { labels: { app: 'web' } } });
    const client = svc.app.get(MessagingClient);
    await waitFor(
      async () => {
        const info = await client.jsm.consumers.info('DISCOVERY', inventoryResourceChangesConsumer.durable);
        return info.num_ack_pending === 0 && info.num_pending === 0;
      },
      { description: 'the batch acked' },
    );
  });

  it("stamps first seen and updated at with the writer's Clock", async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const clock = new ManualClock(new Date('2031-05-06T07:08:09.010Z'));
    const stamped = new InventoryWriter(svc.app.get(DataSource), clock);
    const spec = { uid: 'c', name: 'web', namespace: 'shop' };
    const times = async () =>
      (
        await admin.query<{ first_seen: Date; updated_at: Date; deleted_at: Date | null }>(
          'SELECT first_seen, updated_at, deleted_at FROM meshsync_ingest.resources WHERE cluster_id = $1',
          [cluster],
        )
      ).rows[0];

    await stamped.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 1 })]),
    ]);
    expect(await times()).toEqual({
      first_seen: clock.now(),
      updated_at: clock.now(),
      deleted_at: null,
    });

    const firstSeen = clock.now();
    clock.advance(60_000);
    await stamped.storeChanges(org, [changes(org, cluster, DEPLOYMENT, [remove({ ...spec, rv: 2 })])]);
    // The tombstone's time is when discovery observed the delete; the row's update is the commit's.
    expect(await times()).toEqual({
      first_seen: firstSeen,
      updated_at: clock.now(),
      deleted_at: expect.any(Date) as unknown,
    });
  });

  it('ignores an older resourceVersion arriving after a newer one', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const spec = { uid: 'x', name: 'web', namespace: 'shop' };

    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 20 })]),
    ]);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, name: 'stale', rv: 9 })]),
    ]);

    expect(await rowOf(cluster, 'x')).toMatchObject({ resource_version: '20', name: 'web' });
    expect(await historyOf(cluster, 'x')).toEqual([{ resource_version: '20', change_type: 'upsert' }]);
  });

  it('compares resourceVersions as numbers, not text (9 < 10)', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const spec = { uid: 'n', name: 'web', namespace: 'shop' };

    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 9 })]),
    ]);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 10 })]),
    ]);

    expect(await rowOf(cluster, 'n')).toMatchObject({ resource_version: '10' });
  });

  it('tombstones on delete, keeps the last object, refuses an older re-upsert and revives on a newer one', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const spec = { uid: 't', name: 'web', namespace: 'shop' };
    const deletedAt = new Date('2030-01-01T00:00:00.000Z');

    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 5 })]),
    ]);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [remove({ ...spec, rv: 6 })], deletedAt),
    ]);
    const tombstone = await rowOf(cluster, 't');
    expect(tombstone?.deleted_at?.toISOString()).toBe(deletedAt.toISOString());
    expect(tombstone).toMatchObject({ resource_version: '6' });
    expect(tombstone?.object).toMatchObject({ metadata: { resourceVersion: '5' } });

    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 5 })]),
    ]);
    expect((await rowOf(cluster, 't'))?.deleted_at).not.toBeNull();

    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 8 })]),
    ]);
    expect(await rowOf(cluster, 't')).toMatchObject({ resource_version: '8', deleted_at: null });
    expect(await historyOf(cluster, 't')).toEqual([
      { resource_version: '5', change_type: 'upsert' },
      { resource_version: '6', change_type: 'delete' },
      { resource_version: '8', change_type: 'upsert' },
    ]);
  });

  it('is idempotent: the same batches stored again change nothing and add no history', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const batch = changes(org, cluster, DEPLOYMENT, [
      upsert(DEPLOYMENT, { uid: 'i1', name: 'a', namespace: 'ns', rv: 3 }),
      remove({ uid: 'i2', name: 'b', namespace: 'ns', rv: 4 }),
    ]);

    await writer.storeChanges(org, [batch]);
    const before = await rowsOf(cluster);
    await writer.storeChanges(org, [batch, batch]);

    expect(await rowsOf(cluster)).toEqual(before);
    const { rows } = await admin.query(
      'SELECT count(*)::int AS n FROM meshsync_ingest.resource_history WHERE cluster_id = $1',
      [cluster],
    );
    expect(rows[0].n).toBe(2);
  });

  it('keeps the newest of several versions of one object within one grouped commit', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const spec = { uid: 'g', name: 'web', namespace: 'shop' };

    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 31 })]),
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 33 })]),
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 32 })]),
    ]);

    expect(await rowOf(cluster, 'g')).toMatchObject({ resource_version: '33' });
  });

  it('on a completed sync, tombstones the live objects it did not list, but not newer ones seen by watch', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const ns = 'shop';
    // Before the sync: three objects known from an earlier sync.
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'keep', name: 'keep', namespace: ns, rv: 1, syncId: syncId(1) }),
        upsert(DEPLOYMENT, { uid: 'vanished', name: 'vanished', namespace: ns, rv: 2, syncId: syncId(1) }),
      ]),
      changes(org, cluster, CONFIG_MAP, [
        upsert(CONFIG_MAP, { uid: 'other-kind', name: 'cm', namespace: ns, rv: 3 }),
      ]),
    ]);
    // Sync s2 lists at rv 50 and sees only `keep`; `late` was created by watch after the list.
    const marker = completed(org, cluster, DEPLOYMENT, syncId(2), 1, 50);
    await publisher.publish(syncMarkerEvent, marker, { tenant: org });
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'late', name: 'late', namespace: ns, rv: 51 }),
      ]),
    ]);
    await publisher.publish(
      resourceChangesEvent,
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'keep', name: 'keep', namespace: ns, rv: 1, syncId: syncId(2) }),
      ]),
      { tenant: org },
    );

    await waitFor(async () => (await rowOf(cluster, 'vanished'))?.deleted_at != null, {
      description: 'the unlisted object tombstoned',
      timeoutMs: 10_000,
    });
    expect(await rowOf(cluster, 'keep')).toMatchObject({ deleted_at: null, last_sync_id: syncId(2) });
    expect(await rowOf(cluster, 'late')).toMatchObject({ deleted_at: null });
    expect(await rowOf(cluster, 'other-kind')).toMatchObject({ deleted_at: null });
    expect(await historyOf(cluster, 'vanished')).toContainEqual({
      resource_version: '2',
      change_type: 'delete',
    });
  });

  it('records a completed sync whose objects are still on their way, and reconciles when the last one is stored', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'old', name: 'old', namespace: 'a', rv: 1 }),
      ]),
    ]);
    const page = (uid: string) =>
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid, name: uid, namespace: 'a', rv: 2, syncId: syncId(9) }),
      ]);

    await expect(
      writer.applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(9), 2, 10)),
    ).resolves.toEqual({ phase: 'pending', stored: 0, expected: 2 });
    await writer.storeChanges(org, [page('first')]);
    expect(await rowOf(cluster, 'old')).toMatchObject({ deleted_at: null });

    // No marker again: the write of the sync's last object reconciles it.
    await writer.storeChanges(org, [page('second')]);
    expect((await rowOf(cluster, 'old'))?.deleted_at).not.toBeNull();
    expect(await rowOf(cluster, 'first')).toMatchObject({ deleted_at: null });
    // A redelivered marker of the reconciled sync changes nothing.
    await expect(
      writer.applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(9), 2, 10)),
    ).resolves.toEqual({ phase: 'completed', tombstoned: 0 });
  });

  it('does not hold the kind lock while a completed marker counts the sync objects stored so far', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const key = `${org}/${cluster}/${DEPLOYMENT.group}/${DEPLOYMENT.kind}`;
    const blocker = new pg.Client({ connectionString: svc.adminUrl });
    const probe = new pg.Client({ connectionString: svc.adminUrl });
    await blocker.connect();
    await probe.connect();
    try {
      // Holds up the count (it reads resources) without touching the kind_syncs mark before it.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE "meshsync_ingest"."resources" IN ACCESS EXCLUSIVE MODE');
      const marker = writer.applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(4), 3, 10));
      await waitFor(
        async () =>
          (
            await probe.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks
               WHERE NOT granted AND relation = '"meshsync_ingest"."resources"'::regclass`,
            )
          ).rows[0]?.n === 1,
        { description: 'the marker counting, blocked' },
      );
      // A writer could take its shared lock now: the count waits outside the exclusive lock.
      await probe.query('BEGIN');
      const tryShared = LOCK_KIND_SQL.replace('pg_advisory_xact_lock(', 'pg_try_advisory_xact_lock_shared(');
      const { rows } = await probe.query<Record<string, boolean>>(`${tryShared} AS taken`, [key]);
      await probe.query('ROLLBACK');
      await blocker.query('COMMIT');
      expect(rows[0]?.['taken']).toBe(true);
      await expect(marker).resolves.toEqual({ phase: 'pending', stored: 0, expected: 3 });
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      await probe.end();
    }
  });

  it('tombstones an object whose write was still committing when the reconcile of a sync that did not list it began', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'kept', name: 'kept', namespace: 'r', rv: 2, syncId: syncId(2) }),
      ]),
    ]);
    // Another transaction holds the straggler's key, so the writer's statement (snapshot taken) waits on it.
    const blocker = new pg.Client({ connectionString: svc.adminUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        `INSERT INTO meshsync_ingest.resources (org_id, cluster_id, uid, id, api_group, api_version, kind, name,
           resource_version) VALUES ($1, $2, 'straggler', $3, 'apps', 'v1', 'Deployment', 'straggler', '1')`,
        [org, cluster, newId()],
      );
      const lockWaits = async () =>
        (
          await admin.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0]?.n ?? 0;
      // Created at rv 5 and gone before the list at rv 10: the sync did not list it.
      const writing = writer.storeChanges(org, [
        changes(org, cluster, DEPLOYMENT, [
          upsert(DEPLOYMENT, { uid: 'straggler', name: 'straggler', namespace: 'r', rv: 5 }),
        ]),
      ]);
      await waitFor(async () => (await lockWaits()) === 1, { description: 'the writer waiting' });
      let settled = false;
      const reconciling = writer
        .applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(2), 1, 10))
        .finally(() => (settled = true));
      await waitFor(async () => settled || (await lockWaits()) === 2, {
        description: 'the reconcile finished or waiting for the writer',
      });
      await blocker.query('ROLLBACK');
      await writing;
      await reconciling;
    } finally {
      await blocker.end();
    }

    expect((await rowOf(cluster, 'straggler'))?.deleted_at).not.toBeNull();
    expect(await rowOf(cluster, 'kept')).toMatchObject({ deleted_at: null });
  });

  it('stores names, labels and objects with tabs, newlines, backslashes and quotes exactly as sent', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const awkward = 'tab\there, line\nbreak, cr\r, back\\slash \\N, "quoted", ünïcödé 🚀';
    const object = {
      metadata: { name: awkward, labels: { note: awkward, count: 3 } },
      data: { 'path\\key': 'line one\nline two\t"x"', big: 1.5e300 },
    };

    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        { ...upsert(DEPLOYMENT, { uid: 'u\\1', name: awkward, namespace: 'n\ts', rv: 1 }), object },
      ]),
    ]);

    const { rows } = await admin.query<{ uid: string; name: string; namespace: string; labels: unknown }>(
      'SELECT uid, name, namespace, labels FROM meshsync_ingest.resources WHERE cluster_id = $1',
      [cluster],
    );
    expect(rows).toEqual([{ uid: 'u\\1', name: awkward, namespace: 'n\ts', labels: { note: awkward } }]);
    expect((await rowOf(cluster, 'u\\1'))?.object).toEqual(JSON.parse(JSON.stringify(object)));
  });

  it('stages each write on its pooled connection: a failed one leaves it able to stage the next, and nothing stays staged', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const oneConnection = createServiceDataSource({
      url: svc.appUrl,
      schema: 'meshsync_ingest',
      entities: [],
      migrations: [],
      applicationName: 'inventory-staging',
      poolSize: 1,
    });
    await oneConnection.initialize();
    try {
      const single = new InventoryWriter(oneConnection, systemClock);
      const object = (uid: string, name: string) =>
        changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { uid, name, namespace: 'a', rv: 1 })]);

      // The first write on this connection creates its staging table, and its failure (Postgres refuses a NUL
      // in text) rolls that creation back with everything else.
      await expect(single.storeChanges(org, [object('bad', 'nul\u0000name')])).rejects.toThrow();
      await single.storeChanges(org, [object('good', 'good')]);
      await single.storeChanges(org, [object('next', 'next')]);

      expect((await rowsOf(cluster)).map((r) => r.uid)).toEqual(['good', 'next']);
      expect(
        await oneConnection.query('SELECT count(*)::int AS staged FROM pg_temp.inventory_changes'),
      ).toEqual([{ staged: 0 }]);
    } finally {
      await oneConnection.destroy();
    }
  });

  it('counts the stored objects of a pending sync only once they can be all there, and still reconciles exactly', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'gone', name: 'gone', namespace: 'a', rv: 1 }),
      ]),
    ]);
    const page = (...uids: string[]) =>
      changes(
        org,
        cluster,
        DEPLOYMENT,
        uids.map((uid) => upsert(DEPLOYMENT, { uid, name: uid, namespace: 'a', rv: 2, syncId: syncId(5) })),
      );
    const pendingStored = async () =>
      (
        await admin.query<{ pending_stored: number | null }>(
          'SELECT pending_stored FROM meshsync_ingest.kind_syncs WHERE cluster_id = $1',
          [cluster],
        )
      ).rows[0]?.pending_stored;
    await writer.storeChanges(org, [page('p1')]);

    await expect(
      writer.applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(5), 4, 10)),
    ).resolves.toEqual({
      phase: 'pending',
      stored: 1,
      expected: 4,
    });
    expect(await pendingStored()).toBe(1);
    await writer.storeChanges(org, [page('p2')]);
    expect(await pendingStored()).toBe(2);
    // A redelivered page counts again (an upper bound, never below what is stored), so the sync looks
    // complete (4 of 4): counted under the lock it is not, nothing is tombstoned, and the bound is made exact.
    await writer.storeChanges(org, [page('p1', 'p2')]);
    expect(await pendingStored()).toBe(2);
    expect((await rowOf(cluster, 'gone'))?.deleted_at).toBeNull();
    await writer.storeChanges(org, [page('p3')]);
    expect(await pendingStored()).toBe(3);
    expect((await rowOf(cluster, 'gone'))?.deleted_at).toBeNull();

    await writer.storeChanges(org, [page('p4')]);
    expect(await pendingStored()).toBeNull();
    expect((await rowOf(cluster, 'gone'))?.deleted_at).not.toBeNull();
    expect((await rowsOf(cluster)).filter((r) => r.deleted_at === null).map((r) => r.uid)).toEqual([
      'p1',
      'p2',
      'p3',
      'p4',
    ]);
  });

  it('counts a listed object toward its sync even when a newer watch version was stored first', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const spec = { uid: 'w', name: 'w', namespace: 'a' };
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 70 })]),
    ]);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 60, syncId: syncId(3) })]),
    ]);

    await expect(
      writer.applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(3), 1, 60)),
    ).resolves.toEqual({
      phase: 'completed',
      tombstoned: 0,
    });
    expect(await rowOf(cluster, 'w')).toMatchObject({ resource_version: '70', deleted_at: null });
  });

  it('parks a batch whose tenant header names another organization instead of storing it', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const batch = changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { uid: 'evil', name: 'e', rv: 1 })]);

    await publisher.publish(resourceChangesEvent, batch, { tenant: newId() });
    const marker = changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { uid: 'fine', name: 'f', rv: 2 })]);
    await publisher.publish(resourceChangesEvent, marker, { tenant: org });

    await waitFor(async () => (await rowsOf(cluster)).length > 0, { description: 'the valid batch stored' });
    expect((await rowsOf(cluster)).map((r) => r.uid)).toEqual(['fine']);
  });

  it("dead-letters a batch and a marker naming another organization's cluster, and writes nothing for them", async () => {
    const org = newId();
    const theirs = await ownedCluster(newId());
    const mine = await ownedCluster(org);
    const client = svc.app.get(MessagingClient);
    const parked = async (durable: string) => {
      const stored = await client.jsm.streams
        .getMessage(deadLetterStream.name, { last_by_subj: deadLetterSubjectFor('DISCOVERY', durable) })
        .catch(() => null);
      return stored ? deadLetterSchema.parse(stored.json()) : undefined;
    };

    // The header and the payload agree on the organization; only the cluster is someone else's.
    const forged = await publisher.publish(
      resourceChangesEvent,
      changes(org, theirs, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'planted', name: 'p', rv: 1, syncId: syncId(1) }),
      ]),
      { tenant: org },
    );
    const forgedMarker = await publisher.publish(
      syncMarkerEvent,
      completed(org, theirs, DEPLOYMENT, syncId(1), 0, 1),
      { tenant: org },
    );
    await publisher.publish(
      resourceChangesEvent,
      changes(org, mine, DEPLOYMENT, [upsert(DEPLOYMENT, { uid: 'fine', name: 'f', rv: 2 })]),
      { tenant: org },
    );

    await waitFor(
      async () => (await parked(inventoryResourceChangesConsumer.durable))?.streamSeq === forged.seq,
      {
        description: 'the forged batch dead-lettered',
      },
    );
    await waitFor(
      async () => (await parked(inventorySyncMarkersConsumer.durable))?.streamSeq === forgedMarker.seq,
      {
        description: 'the forged marker dead-lettered',
      },
    );
    await waitFor(async () => (await rowsOf(mine)).length === 1, { description: 'the valid batch stored' });
    expect(await parked(inventoryResourceChangesConsumer.durable)).toMatchObject({
      reason: 'permanent-error',
      error: expect.stringContaining(
        `CLUSTER_NOT_OWNED: cluster ${theirs} does not belong to organization ${org}`,
      ),
    });
    expect((await parked(inventorySyncMarkersConsumer.durable))?.error).toContain('CLUSTER_NOT_OWNED');
    expect(await rowsOf(theirs)).toEqual([]);
    const { rows } = await admin.query('SELECT 1 FROM meshsync_ingest.kind_syncs WHERE cluster_id = $1', [
      theirs,
    ]);
    expect(rows).toEqual([]);
  });

  it('purges history older than the retention, in every organization, and keeps the rest', async () => {
    const orgs = [newId(), newId()];
    const cluster = newId();
    const old = new Date(Date.now() - 100 * 60 * 60 * 1000);
    for (const org of orgs) {
      await writer.storeChanges(org, [
        changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { uid: `old-${org}`, name: 'o', rv: 1 })], old),
        changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { uid: `new-${org}`, name: 'n', rv: 2 })]),
      ]);
    }

    await svc.app.get(HistoryPurger).purge();

    const { rows } = await admin.query<{ uid: string }>(
      'SELECT uid FROM meshsync_ingest.resource_history WHERE cluster_id = $1 ORDER BY uid',
      [cluster],
    );
    expect(rows.map((r) => r.uid)).toEqual(orgs.map((org) => `new-${org}`).sort());
    expect((await rowsOf(cluster)).length).toBe(4);
  });
  it('records history for watch changes and changed relists, not for an object first seen by a list', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const listed = (uid: string, rv: number, sync: number) =>
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid, name: uid, namespace: 'h', rv, syncId: syncId(sync) }),
      ]);

    await writer.storeChanges(org, [listed('base', 1, 1)]);
    await writer.storeChanges(org, [listed('base', 1, 2)]);
    expect(await historyOf(cluster, 'base')).toEqual([]);

    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'base', name: 'base', namespace: 'h', rv: 5 }),
      ]),
    ]);
    await writer.storeChanges(org, [listed('base', 9, 3)]);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [remove({ uid: 'base', name: 'base', namespace: 'h', rv: 10 })]),
    ]);

    expect(await historyOf(cluster, 'base')).toEqual([
      { resource_version: '5', change_type: 'upsert' },
      { resource_version: '9', change_type: 'upsert' },
      { resource_version: '10', change_type: 'delete' },
    ]);
    // First seen through a watch event (created after the list), in one group with a first list sighting.
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'new', name: 'new', namespace: 'h', rv: 11 }),
      ]),
      listed('other', 4, 3),
    ]);
    expect(await historyOf(cluster, 'new')).toEqual([{ resource_version: '11', change_type: 'upsert' }]);
    expect(await historyOf(cluster, 'other')).toEqual([]);
  });

  it('acks a completed marker of a sync older than the newest seen for the kind without waiting for it', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'o1', name: 'o1', namespace: 'a', rv: 1, syncId: syncId(1) }),
      ]),
    ]);
    const newer = { ...completed(org, cluster, DEPLOYMENT, syncId(2), 0, 5), phase: 'started' as const };
    await publisher.publish(syncMarkerEvent, newer, { tenant: org });
    // Sync 1 listed 3 objects but only one of them will ever carry its id: without ordering it retries for minutes.
    const stale = completed(org, cluster, DEPLOYMENT, syncId(1), 3, 1);
    const { seq } = await publisher.publish(syncMarkerEvent, stale, { tenant: org });

    const client = svc.app.get(MessagingClient);
    await waitFor(
      async () => {
        const info = await client.jsm.consumers.info('DISCOVERY', inventorySyncMarkersConsumer.durable);
        return info.ack_floor.stream_seq >= seq;
      },
      { description: 'the superseded marker acked', timeoutMs: 30_000 },
    );
    // Recorded as pending (sync 2 only started, and may never complete), not retried.
    await expect(writer.applySyncMarker(stale)).resolves.toEqual({
      phase: 'pending',
      stored: 1,
      expected: 3,
    });
    expect(await rowOf(cluster, 'o1')).toMatchObject({ deleted_at: null, last_sync_id: syncId(1) });
  });

  it('reconciles a completed sync although a newer one started after it, which may never complete', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'gone', name: 'gone', namespace: 'n', rv: 1 }),
        upsert(DEPLOYMENT, { uid: 'kept', name: 'kept', namespace: 'n', rv: 2, syncId: syncId(1) }),
      ]),
    ]);
    // Sync 2 started (its lister then stopped: a lease moved, the kind went away) before sync 1's
    // completed marker was handled: markers are handled several at a time, and redelivered after a failure.
    await expect(
      writer.applySyncMarker({ ...completed(org, cluster, DEPLOYMENT, syncId(2), 0, 5), phase: 'started' }),
    ).resolves.toEqual({ phase: 'started' });
    await expect(
      writer.applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(1), 1, 3)),
    ).resolves.toEqual({ phase: 'completed', tombstoned: 1 });
    expect((await rowOf(cluster, 'gone'))?.deleted_at).not.toBeNull();
    expect(await rowOf(cluster, 'kept')).toMatchObject({ deleted_at: null });
    // What discovery asks before it calls the cluster synced: sync 1 is committed.
    await expect(new KindSyncLedger(svc.app.get(DataSource)).committedSyncs(org, cluster)).resolves.toEqual([
      { group: DEPLOYMENT.group, kind: DEPLOYMENT.kind, syncId: syncId(1) },
    ]);
    // Started markers of older syncs are still superseded, and a completed one older than a completed one.
    await expect(
      writer.applySyncMarker({ ...completed(org, cluster, DEPLOYMENT, syncId(0), 0, 1), phase: 'started' }),
    ).resolves.toEqual({ phase: 'superseded', newerSyncId: syncId(2) });
    await expect(
      writer.applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(0), 0, 1)),
    ).resolves.toEqual({ phase: 'superseded', newerSyncId: syncId(1) });
    // Redelivered: the reconciled sync changes nothing.
    await expect(
      writer.applySyncMarker(completed(org, cluster, DEPLOYMENT, syncId(1), 1, 3)),
    ).resolves.toEqual({ phase: 'completed', tombstoned: 0 });
  });

  it('keeps the newer sync id when an old list page is redelivered, so the newer sync still reconciles', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const page = (sync: number, uids: string[]) =>
      changes(
        org,
        cluster,
        DEPLOYMENT,
        uids.map((uid) =>
          upsert(DEPLOYMENT, { uid, name: uid, namespace: 'r', rv: 1, syncId: syncId(sync) }),
        ),
      );
    await writer.storeChanges(org, [page(1, ['stays', 'also', 'vanished'])]);
    await writer.storeChanges(org, [page(2, ['stays', 'also'])]);

    await writer.storeChanges(org, [page(1, ['stays', 'also', 'vanished'])]);
    await writer.storeChanges(org, [page(1, ['stays']), page(2, ['stays'])]);
    expect((await rowsOf(cluster)).map((r) => [r.uid, r.last_sync_id])).toEqual([
      ['also', syncId(2)],
      ['stays', syncId(2)],
      ['vanished', syncId(1)],
    ]);

    await publisher.publish(syncMarkerEvent, completed(org, cluster, DEPLOYMENT, syncId(2), 2, 1), {
      tenant: org,
    });
    await waitFor(async () => (await rowOf(cluster, 'vanished'))?.deleted_at != null, {
      description: 'the newer sync reconciled',
      timeoutMs: 10_000,
    });
    expect(await rowOf(cluster, 'stays')).toMatchObject({ deleted_at: null });

    // Redelivered once more after the reconcile: a superseded sync's page brings nothing back to life.
    await writer.storeChanges(org, [page(1, ['vanished', 'ghost'])]);
    expect(await rowOf(cluster, 'vanished')).toMatchObject({ last_sync_id: syncId(1) });
    expect((await rowOf(cluster, 'vanished'))?.deleted_at).not.toBeNull();
    // Listed only by the superseded sync: the newer sync's complete list proves it gone.
    expect((await rowOf(cluster, 'ghost'))?.deleted_at).not.toBeNull();
  });

  it('keeps an object tombstoned when a watch event older than the reconciled list arrives after the reconcile', async () => {
    const org = newId();
    const cluster = await ownedCluster(org);
    const listed = changes(org, cluster, DEPLOYMENT, [
      upsert(DEPLOYMENT, { uid: 'kept', name: 'kept', namespace: 'w', rv: 5, syncId: syncId(3) }),
    ]);
    await writer.storeChanges(org, [listed]);
    await publisher.publish(syncMarkerEvent, completed(org, cluster, DEPLOYMENT, syncId(3), 1, 20), {
      tenant: org,
    });
    await waitFor(async () => (await rowOf(cluster, 'kept'))?.last_sync_id === syncId(3), {
      description: 'the sync stored',
      timeoutMs: 10_000,
    });
    await waitFor(
      async () =>
        (
          await admin.query(
            'SELECT 1 FROM meshsync_ingest.kind_syncs WHERE cluster_id = $1 AND reconciled_sync_id = $2',
            [cluster, syncId(3)],
          )
        ).rows.length === 1,
      { description: 'the sync reconciled', timeoutMs: 10_000 },
    );

    // Created and deleted before the list (rv 12 ≤ 20), its creation redelivered only now: the list proved it gone.
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'late', name: 'late', namespace: 'w', rv: 12 }),
      ]),
    ]);
    // Created after the list (rv 25): current, kept live.
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'after', name: 'after', namespace: 'w', rv: 25 }),
      ]),
    ]);
    // An older event of an object the list did contain changes nothing.
    await writer.storeChanges(org, [
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'kept', name: 'kept', namespace: 'w', rv: 3 }),
      ]),
    ]);

    expect((await rowOf(cluster, 'late'))?.deleted_at).not.toBeNull();
    expect(await rowOf(cluster, 'after')).toMatchObject({ deleted_at: null, resource_version: '25' });
    expect(await rowOf(cluster, 'kept')).toMatchObject({ deleted_at: null, resource_version: '5' });
  });
});
