import { describe, expect, it } from 'vitest';
import { PersistenceStore } from '../persistence/persistence.store.js';

describe('PersistenceStore', () => {
  it('pages through records with cursors, without overlap', () => {
    const store = new PersistenceStore();
    for (const id of ['c', 'a', 'e', 'b', 'd']) store.put('org:1', 'designs', id, { name: id, content: {} });
    const first = store.list('org:1', 'designs', 2, undefined);
    expect(first.items.map((r) => r.id)).toEqual(['a', 'b']);
    const second = store.list('org:1', 'designs', 2, first.nextCursor ?? undefined);
    expect(second.items.map((r) => r.id)).toEqual(['c', 'd']);
    const last = store.list('org:1', 'designs', 2, second.nextCursor ?? undefined);
    expect(last).toMatchObject({ items: [{ id: 'e' }], nextCursor: null });
  });

  it('keeps tenants and kinds apart', () => {
    const store = new PersistenceStore();
    store.put('org:1', 'designs', 'x', { name: 'x', content: {} });
    expect(store.get('org:2', 'designs', 'x')).toBeUndefined();
    expect(store.get('org:1', 'performance-results', 'x')).toBeUndefined();
  });

  it('bumps the version on update and reports creation only once', () => {
    const store = new PersistenceStore();
    expect(store.put('t', 'designs', 'x', { name: 'x', content: {} }).created).toBe(true);
    const update = store.put('t', 'designs', 'x', { name: 'y', content: { a: 1 } });
    expect(update).toMatchObject({ created: false, record: { version: 2, name: 'y' } });
  });
});
