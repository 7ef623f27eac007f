import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResourceChange } from '@meshplane/contracts';
import { ChangeBatcher } from '../sync/change-batcher.js';

const change = (uid: string, rv: string, type: 'upsert' | 'delete' = 'upsert'): ResourceChange => ({
  type,
  uid,
  name: uid,
  resourceVersion: rv,
});

describe('ChangeBatcher', () => {
  let batches: ResourceChange[][];
  const sink = (c: ResourceChange[]) => {
    batches.push(c);
    return Promise.resolve();
  };

  const fail = (error: unknown) => {
    throw error;
  };

  beforeEach(() => {
    batches = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('sends a batch flushMs after its first change, not before', async () => {
    const b = new ChangeBatcher({ flushMs: 50, maxChanges: 500 }, sink, fail);
    b.add(change('a', '1'));
    await vi.advanceTimersByTimeAsync(30);
    b.add(change('b', '2'));
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    expect(batches).toEqual([[change('a', '1'), change('b', '2')]]);
  });

  it('keeps only the newest change per object, in the order of last change', async () => {
    const b = new ChangeBatcher({ flushMs: 50, maxChanges: 500 }, sink, fail);
    b.add(change('a', '1'));
    b.add(change('b', '2'));
    b.add(change('a', '3'));
    b.add(change('a', '4', 'delete'));
    await b.flush();
    expect(batches).toEqual([[change('b', '2'), change('a', '4', 'delete')]]);
  });

  it('flushes at once when the batch is full', async () => {
    const b = new ChangeBatcher({ flushMs: 10_000, maxChanges: 3 }, sink, fail);
    for (const uid of ['a', 'b', 'c', 'd']) b.add(change(uid, '1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches.map((x) => x.map((c) => c.uid))).toEqual([['a', 'b', 'c']]);
    expect(b.size).toBe(1);
  });

  it('hands batches over one at a time and in order even when the sink is slow', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async (c: ResourceChange[]) => {
      seen.push(`start ${c[0]?.uid}`);
      if (c[0]?.uid === 'a') await gate;
      seen.push(`end ${c[0]?.uid}`);
    };
    const b = new ChangeBatcher({ flushMs: 50, maxChanges: 1 }, slow, fail);
    b.add(change('a', '1'));
    b.add(change('b', '2'));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['start a']);
    release();
    await b.flush();
    expect(seen).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('reports a failing sink and forgets discarded changes', async () => {
    const errors: unknown[] = [];
    const b = new ChangeBatcher(
      { flushMs: 50, maxChanges: 500 },
      () => Promise.reject(new Error('nats down')),
      (e) => errors.push(e),
    );
    b.add(change('a', '1'));
    await b.flush();
    expect(errors).toHaveLength(1);
    b.add(change('b', '1'));
    b.discard();
    await vi.advanceTimersByTimeAsync(100);
    expect(errors).toHaveLength(1);
  });
});
