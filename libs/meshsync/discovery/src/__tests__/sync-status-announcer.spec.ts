import { ManualClock } from '@meshplane/runtime';
import { describe, expect, it } from 'vitest';
import type { ClusterSyncStatusPayload } from '@meshplane/contracts';
import type { CommittedSync } from '@meshplane/meshsync-inventory';
import { SyncStatusAnnouncer } from '../status/sync-status-announcer.js';
import type { StoredClusterStatus } from '../status/stored-cluster-status.js';

const S1 = '1795227205422-aaaa';
const cluster = {
  orgId: '00000000-0000-4000-8000-000000000001',
  clusterId: '00000000-0000-4000-9000-000000000001',
};
const listed: StoredClusterStatus = {
  phase: 'synced',
  kindsTotal: 1,
  kindsSynced: 1,
  kindSetPending: false,
  kinds: [{ group: 'example.com', version: 'v1', kind: 'Widget', synced: true, objects: 4, syncId: S1 }],
};

function announcer(committed: CommittedSync[], published: ClusterSyncStatusPayload[], fail = () => false) {
  return new SyncStatusAnnouncer(
    { committedSyncs: () => Promise.resolve(committed) },
    (payload) =>
      fail() ? Promise.reject(new Error('nats down')) : (published.push(payload), Promise.resolve()),
    new ManualClock(new Date('2026-12-04T07:00:00Z')),
  );
}

describe('SyncStatusAnnouncer', () => {
  it('announces SYNCING with the pending kinds until the inventory committed them, then SYNCED once', async () => {
    const committed: CommittedSync[] = [];
    const published: ClusterSyncStatusPayload[] = [];
    const a = announcer(committed, published);
    let last = await a.announce(cluster, listed);
    last = await a.announce(cluster, listed, last);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      phase: 'syncing',
      kindsCommitted: 0,
      pendingKinds: ['example.com/Widget'],
      objectsListed: 4,
      objectsCommitted: 0,
    });
    committed.push({ group: 'example.com', kind: 'Widget', syncId: S1 });
    last = await a.announce(cluster, listed, last);
    await a.announce(cluster, listed, last);
    expect(published.map((p) => p.phase)).toEqual(['syncing', 'synced']);
    expect(published[1]).toMatchObject({
      pendingKinds: [],
      objectsCommitted: 4,
      at: '2026-12-04T07:00:00.000Z',
    });
  });

  it('throws when publishing fails, so the same status is announced again next time', async () => {
    const published: ClusterSyncStatusPayload[] = [];
    let failing = true;
    const a = announcer([], published, () => failing);
    await expect(a.announce(cluster, listed)).rejects.toThrow('nats down');
    failing = false;
    await a.announce(cluster, listed, undefined);
    expect(published).toHaveLength(1);
  });
});
