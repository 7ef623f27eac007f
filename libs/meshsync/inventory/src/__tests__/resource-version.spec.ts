import { describe, expect, it } from 'vitest';
import { changeRows } from '../ingest/change-rows.js';
import { compareResourceVersions, resourceVersionNumber } from '../ingest/resource-version.js';
import { changes, DEPLOYMENT, remove, syncId, upsert } from './fixtures/discovery-events.js';

describe('resource versions', () => {
  it('compares integer versions numerically', () => {
    expect(compareResourceVersions('9', '10')).toBeLessThan(0);
    expect(compareResourceVersions('100', '99')).toBeGreaterThan(0);
    expect(compareResourceVersions('42', '42')).toBe(0);
  });

  it('falls back to text order when either side is not an integer', () => {
    expect(compareResourceVersions('b', 'a')).toBeGreaterThan(0);
    expect(compareResourceVersions('9', '10x')).toBeGreaterThan(0);
  });

  it('stores a number only for integers that fit a bigint', () => {
    expect(resourceVersionNumber('007')).toBe('7');
    expect(resourceVersionNumber('abc')).toBeNull();
    expect(resourceVersionNumber('1'.repeat(19))).toBeNull();
  });
});

describe('changeRows', () => {
  const org = '00000000-0000-4000-8000-000000000001';
  const cluster = '00000000-0000-4000-8000-000000000002';
  const spec = { uid: 'u', name: 'n', namespace: 'ns' };

  it('keeps one row per object, the newest version winning regardless of arrival order', () => {
    const rows = changeRows([
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 12 })]),
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 11 })]),
    ]);
    expect(rows.map((r) => r.resource_version)).toEqual(['12']);
  });

  it('lets a delete win over an upsert of the same version and records its time', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const [row] = changeRows([
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 5 })]),
      changes(org, cluster, DEPLOYMENT, [remove({ ...spec, rv: 5 })], at),
    ]);
    expect(row).toMatchObject({ deleted_at: at.toISOString(), object: null });
  });

  it('carries the sync id of a listed version over to a newer watch version', () => {
    const [row] = changeRows([
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 7, syncId: syncId(1) })]),
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { ...spec, rv: 8 })]),
    ]);
    expect(row).toMatchObject({ resource_version: '8', last_sync_id: syncId(1) });
  });

  it('sorts rows by cluster and uid so concurrent writers lock in the same order', () => {
    const rows = changeRows([
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { ...spec, uid: 'b', rv: 1 }),
        upsert(DEPLOYMENT, { ...spec, uid: 'a', rv: 1 }),
      ]),
    ]);
    expect(rows.map((r) => r.uid)).toEqual(['a', 'b']);
  });
});
