import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResourceChange, ResourceKind } from '@meshplane/contracts';
import type { WatchEvent } from '../kube/kube-http.client.js';
import { KubeHttpError } from '../kube/kube-http.error.js';
import type { ChangeSink, KindSource, ListPage, SyncMarkerInput } from '../sync/kind-sync.ports.js';
import { KindSync } from '../sync/kind-sync.js';

const KIND: ResourceKind = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
};

const obj = (name: string, rv: number) => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: String(rv) },
});

interface OpenWatch {
  from: string;
  emit(event: WatchEvent): void;
  end(): void;
  fail(error: unknown): void;
}

/** A cluster whose list pages from a fixed set and whose watches the test drives by hand. */
class ScriptedSource implements KindSource {
  objects = [obj('a', 1), obj('b', 2), obj('c', 3), obj('d', 4), obj('e', 5)];
  rv = 5;
  lists: (string | undefined)[] = [];
  watches: OpenWatch[] = [];

  list(_kind: ResourceKind, limit: number, token: string | undefined): Promise<ListPage> {
    this.lists.push(token);
    const start = token ? Number(token) : 0;
    const items = this.objects.slice(start, start + limit);
    const next = start + limit < this.objects.length ? String(start + limit) : undefined;
    return Promise.resolve({ items, resourceVersion: String(this.rv), ...(next && { continue: next }) });
  }

  watch(_k: ResourceKind, from: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal) {
    return new Promise<void>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      this.watches.push({ from, emit: onEvent, end: resolve, fail: reject });
    });
  }

  get current(): OpenWatch {
    const w = this.watches.at(-1);
    if (!w) throw new Error('no watch open');
    return w;
  }
}

class RecordingSink implements ChangeSink {
  log: ({ changes: ResourceChange[] } | { marker: SyncMarkerInput })[] = [];
  changes(_k: ResourceKind, changes: ResourceChange[]) {
    this.log.push({ changes });
    return Promise.resolve();
  }
  marker(_k: ResourceKind, marker: SyncMarkerInput) {
    this.log.push({ marker });
    return Promise.resolve();
  }
  markers() {
    return this.log.flatMap((e) => ('marker' in e ? [e.marker] : []));
  }
  changed() {
    return this.log.flatMap((e) => ('changes' in e ? e.changes : []));
  }
}

let syncs: KindSync[] = [];
afterEach(async () => {
  await Promise.all(syncs.map((s) => s.stop()));
  syncs = [];
});

function startSync(source: ScriptedSource, sink: RecordingSink) {
  let n = 0;
  const sync = new KindSync(KIND, source, sink, {
    redactSecrets: true,
    pageSize: 2,
    batchFlushMs: 5,
    batchMaxChanges: 500,
    resyncIntervalMs: 3_600_000,
    backoffBaseMs: 1,
    backoffMaxMs: 5,
    newSyncId: () => `sync-${++n}`,
  });
  syncs.push(sync);
  sync.start();
  return sync;
}

describe('KindSync', () => {
  it('lists in pages between a started and a completed marker, then watches from the list resourceVersion', async () => {
    const source = new ScriptedSource();
    const sink = new RecordingSink();
    const sync = startSync(source, sink);
    await vi.waitFor(() => expect(source.watches).toHaveLength(1));
    expect(source.lists).toEqual([undefined, '2', '4']);
    expect(sink.log.map((e) => ('marker' in e ? e.marker.phase : e.changes.length))).toEqual([
      'started',
      2,
      2,
      1,
      'completed',
    ]);
    expect(sink.markers()[1]).toEqual({
      syncId: 'sync-1',
      phase: 'completed',
      resourceVersion: '5',
      count: 5,
    });
    expect(sink.changed().every((c) => c.syncId === 'sync-1' && c.type === 'upsert')).toBe(true);
    expect(sink.changed()[0]?.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(source.current.from).toBe('5');
    expect(sync.status()).toMatchObject({ synced: true, objects: 5 });
  });

  it('publishes watch events as coalesced batches without a syncId', async () => {
    const source = new ScriptedSource();
    const sink = new RecordingSink();
    startSync(source, sink);
    await vi.waitFor(() => expect(source.watches).toHaveLength(1));
    const before = sink.log.length;
    source.current.emit({ type: 'MODIFIED', object: obj('a', 6) });
    source.current.emit({ type: 'MODIFIED', object: obj('a', 7) });
    source.current.emit({ type: 'DELETED', object: obj('b', 8) });
    await vi.waitFor(() => expect(sink.log.length).toBe(before + 1));
    expect(sink.log.at(-1)).toEqual({
      changes: [
        expect.objectContaining({ type: 'upsert', uid: 'uid-a', resourceVersion: '7' }),
        { type: 'delete', uid: 'uid-b', name: 'b', namespace: 'default', resourceVersion: '8' },
      ],
    });
    expect(
      sink
        .changed()
        .slice(5)
        .some((c) => c.syncId !== undefined),
    ).toBe(false);
  });

  it('resumes from the last resourceVersion seen (bookmarks included) when a watch ends, without relisting', async () => {
    const source = new ScriptedSource();
    const sink = new RecordingSink();
    startSync(source, sink);
    await vi.waitFor(() => expect(source.watches).toHaveLength(1));
    source.current.emit({ type: 'ADDED', object: obj('f', 9) });
    source.current.emit({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '12' } } });
    source.current.end();
    await vi.waitFor(() => expect(source.watches).toHaveLength(2));
    expect(source.current.from).toBe('12');
    source.current.fail(new KubeHttpError(0, 'Unreachable', 'connection reset'));
    await vi.waitFor(() => expect(source.watches).toHaveLength(3));
    expect(source.current.from).toBe('12');
    expect(source.lists).toHaveLength(3);
    expect(sink.changed().map((c) => c.uid)).toContain('uid-f');
  });

  it('relists under a new syncId with both markers when the watch answers 410 Gone', async () => {
    const source = new ScriptedSource();
    const sink = new RecordingSink();
    startSync(source, sink);
    await vi.waitFor(() => expect(source.watches).toHaveLength(1));
    source.objects = [obj('a', 1), obj('z', 20)];
    source.rv = 20;
    source.current.fail(new KubeHttpError(410, 'Expired', 'too old resource version'));
    await vi.waitFor(() => expect(source.watches).toHaveLength(2));
    expect(sink.markers()).toEqual([
      { syncId: 'sync-1', phase: 'started' },
      { syncId: 'sync-1', phase: 'completed', resourceVersion: '5', count: 5 },
      { syncId: 'sync-2', phase: 'started' },
      { syncId: 'sync-2', phase: 'completed', resourceVersion: '20', count: 2 },
    ]);
    expect(
      sink
        .changed()
        .filter((c) => c.syncId === 'sync-2')
        .map((c) => c.uid),
    ).toEqual(['uid-a', 'uid-z']);
    expect(source.current.from).toBe('20');
  });

  it('relists on request, dropping watch events not yet sent (the list carries them)', async () => {
    const source = new ScriptedSource();
    const sink = new RecordingSink();
    const sync = startSync(source, sink);
    await vi.waitFor(() => expect(source.watches).toHaveLength(1));
    sync.resync();
    await vi.waitFor(() => expect(source.watches).toHaveLength(2));
    expect(sink.markers().map((m) => `${m.syncId}:${m.phase}`)).toEqual([
      'sync-1:started',
      'sync-1:completed',
      'sync-2:started',
      'sync-2:completed',
    ]);
  });

  it('records an error and retries the list when the cluster fails, without publishing a completed marker', async () => {
    const source = new ScriptedSource();
    let failures = 2;
    const list = source.list.bind(source);
    source.list = (...args) =>
      failures-- > 0 ? Promise.reject(new KubeHttpError(500, 'InternalError', 'boom')) : list(...args);
    const sink = new RecordingSink();
    const sync = startSync(source, sink);
    await vi.waitFor(() => expect(source.watches).toHaveLength(1));
    expect(sink.markers().filter((m) => m.phase === 'completed')).toHaveLength(1);
    expect(sink.markers().filter((m) => m.phase === 'started')).toHaveLength(3);
    expect(sync.status().error).toBeUndefined();
  });
});
