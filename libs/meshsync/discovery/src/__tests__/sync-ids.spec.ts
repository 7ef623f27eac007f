import { syncIdSchema } from '@meshplane/contracts';
import { isNewerSync } from '@meshplane/meshsync-inventory';
import { describe, expect, it } from 'vitest';
import { newSyncId, SyncIds } from '../sync/kind-sync.js';

describe('sync ids', () => {
  it('orders ids made in the same millisecond by when they were made, as the inventory compares them', () => {
    const ids = new SyncIds(() => 1_795_000_000_000);
    const made = Array.from({ length: 50 }, () => ids.next());
    for (let i = 1; i < made.length; i++) {
      expect(isNewerSync(made[i] ?? '', made[i - 1] ?? null)).toBe(true);
    }
    expect([...made].sort()).toEqual(made);
  });

  it('never goes back with a clock stepped back', () => {
    let now = 1_795_000_005_000;
    const ids = new SyncIds(() => now);
    const before = ids.next();
    now -= 4_000;
    const after = ids.next();
    expect(isNewerSync(after, before)).toBe(true);
    expect(after.slice(0, 13)).toBe('1795000005000');
    now += 10_000;
    expect(ids.next().slice(0, 13)).toBe('1795000011000');
  });

  it('makes ids newer than one made elsewhere by a clock ahead of ours, and never moves back for an older one', () => {
    const now = 1_795_000_005_000;
    const ids = new SyncIds(() => now);
    const elsewhere = `${now + 3_600_000}-0000000042-elsewhere`;
    ids.notBefore(elsewhere);
    const after = ids.next();
    expect(isNewerSync(after, elsewhere)).toBe(true);
    ids.notBefore(`${now - 60_000}-0000000001-older`);
    ids.notBefore('not-time-ordered');
    expect(isNewerSync(ids.next(), after)).toBe(true);
    expect(ids.next().slice(0, 13)).toBe(String(now + 3_600_001));
  });

  it('makes ids the contract accepts, each unique', () => {
    const a = newSyncId();
    const b = newSyncId();
    expect(syncIdSchema.parse(a)).toBe(a);
    expect(a).not.toBe(b);
    expect(isNewerSync(b, a)).toBe(true);
  });
});
