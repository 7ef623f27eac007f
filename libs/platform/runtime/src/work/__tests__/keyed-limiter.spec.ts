import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from '../keyed-limiter.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('KeyedLimiter', () => {
  it('runs at most `limit` tasks of one key at once, the next one as soon as a slot frees, in arrival order', async () => {
    const limiter = new KeyedLimiter(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run('slow', async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.running('slow')).toBe(2);
    gates[1]?.open();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    expect(limiter.running('slow')).toBe(2);
    gates[0]?.open();
    gates[2]?.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(limiter.running('slow')).toBe(0);
  });

  it('does not hold back another key while one key is full', async () => {
    const limiter = new KeyedLimiter(1);
    const stuck = gate();
    const blocked = limiter.run('frozen', () => stuck.promise);
    expect(await limiter.run('other', () => Promise.resolve('done'))).toBe('done');
    stuck.open();
    await blocked;
  });

  it('frees the slot when a task fails, and passes the failure on', async () => {
    const limiter = new KeyedLimiter(1);
    await expect(limiter.run('k', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(limiter.running('k')).toBe(0);
    expect(await limiter.run('k', () => Promise.resolve(1))).toBe(1);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new KeyedLimiter(0)).toThrow(RangeError);
    expect(() => new KeyedLimiter(1.5)).toThrow(RangeError);
  });
});
