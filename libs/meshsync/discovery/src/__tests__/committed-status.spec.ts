import { describe, expect, it } from 'vitest';
import { confirmCommitted } from '../status/committed-status.js';
import type { StoredClusterStatus, StoredKindStatus } from '../status/stored-cluster-status.js';

const S1 = '1795227205422-aaaa';
const S2 = '1795227205999-bbbb';

const kind = (k: string, group: string, extra: Partial<StoredKindStatus> = {}): StoredKindStatus => ({
  group,
  version: 'v1',
  kind: k,
  synced: true,
  objects: 3,
  syncId: S1,
  ...extra,
});

const listed = (extra: Partial<StoredClusterStatus> = {}): StoredClusterStatus => ({
  phase: 'synced',
  kindsTotal: 2,
  kindsSynced: 2,
  kindSetPending: false,
  kinds: [kind('Pod', ''), kind('Widget', 'example.com', { objects: 4 })],
  ...extra,
});

describe('confirmCommitted', () => {
  it('is synced only once the inventory committed every kind’s last list (or a newer one)', () => {
    const status = confirmCommitted(listed(), [
      { group: '', kind: 'Pod', syncId: S1 },
      { group: 'example.com', kind: 'Widget', syncId: S2 },
    ]);
    expect(status).toMatchObject({
      phase: 'synced',
      kindsCommitted: 2,
      pendingKinds: [],
      objectsListed: 7,
      objectsCommitted: 7,
    });
  });

  it('says syncing, and what is pending, while a listed kind is not committed', () => {
    const status = confirmCommitted(listed(), [{ group: '', kind: 'Pod', syncId: S1 }]);
    expect(status).toMatchObject({
      phase: 'syncing',
      kindsCommitted: 1,
      pendingKinds: ['example.com/Widget'],
      objectsCommitted: 3,
    });
    expect(status.kinds.map((k) => k.committed)).toEqual([true, false]);
  });

  it('does not count an older committed sync for a newer list', () => {
    const status = confirmCommitted(listed({ kinds: [kind('Pod', '', { syncId: S2 })], kindsTotal: 1 }), [
      { group: '', kind: 'Pod', syncId: S1 },
    ]);
    expect(status).toMatchObject({ phase: 'syncing', pendingKinds: ['core/Pod'] });
  });

  it('says syncing while the kind set is pending or a kind relists, even with everything committed', () => {
    const committed = [
      { group: '', kind: 'Pod', syncId: S1 },
      { group: 'example.com', kind: 'Widget', syncId: S1 },
    ];
    expect(confirmCommitted(listed({ kindSetPending: true }), committed).phase).toBe('syncing');
    const relisting = listed({ kinds: [kind('Pod', '', { synced: false }), kind('Widget', 'example.com')] });
    expect(confirmCommitted(relisting, committed)).toMatchObject({
      phase: 'syncing',
      pendingKinds: ['core/Pod'],
    });
  });

  it('keeps connecting and error as they are', () => {
    expect(confirmCommitted(listed({ phase: 'error', error: 'x' }), []).phase).toBe('error');
    expect(confirmCommitted(listed({ phase: 'connecting', kinds: [] }), []).phase).toBe('connecting');
  });
});
