import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../ingest/group-commit.js';

/** A write whose calls are recorded and finish only when the test releases them. */
function controlledWrite() {
  const calls: { items: string[]; release: (error?: Error) => void }[] = [];
  let running = 0;
  let maxRunning = 0;
  const write = (_key: string, items: string[]) =>
    new Promise<void>((resolve, reject) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      calls.push({
        items,
        release: (error) => {
          running--;
          if (error) reject(error);
          else resolve();
        },
      });
    });
  return { write, calls, maxRunning: () => maxRunning };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitter', () => {
  it('writes up to maxConcurrentFlushes groups of one key at once and groups what queues meanwhile', async () => {
    const { write, calls, maxRunning } = controlledWrite();
    const committer = new GroupCommitter(write, () => 1, 100, 2);

    const done = ['a', 'b', 'c', 'd'].map((item) => committer.submit('org', item));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b']]);

    calls[0]?.release();
    await tick();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b'], ['c', 'd']]);
    calls[1]?.release();
    calls[2]?.release();
    await Promise.all(done);
    expect(maxRunning()).toBe(2);
  });

  it('writes one group of a key at a time by default', async () => {
    const { write, calls, maxRunning } = controlledWrite();
    const committer = new GroupCommitter(write, () => 1, 100);

    const done = ['a', 'b', 'c'].map((item) => committer.submit('org', item));
    await tick();
    calls[0]?.release();
    await tick();
    calls[1]?.release();
    await Promise.all(done);
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c']]);
    expect(maxRunning()).toBe(1);
  });

  it('retries a failed group item by item, so only the bad item fails', async () => {
    const written: string[][] = [];
    const committer = new GroupCommitter(
      async (_key, items: string[]) => {
        written.push(items);
        if (items.includes('bad')) throw new Error('bad item');
      },
      () => 1,
      100,
      2,
    );
    const first = committer.submit('org', 'first');
    const rest = ['ok', 'bad', 'fine'].map((item) => committer.submit('org', item));
    await first;
    const results = await Promise.allSettled(rest);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(written).toContainEqual(['bad']);
  });

  it('refuses a concurrency that is not a positive integer', () => {
    expect(
      () =>
        new GroupCommitter(
          () => Promise.resolve(),
          () => 1,
          100,
          0,
        ),
    ).toThrow(/maxConcurrentFlushes/);
  });
});
