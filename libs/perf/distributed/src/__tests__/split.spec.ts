import { describe, expect, it } from 'vitest';
import { ShardSplitError, splitLoadOptions } from '../split.js';

const url = 'http://127.0.0.1:8080/';

describe('splitLoadOptions', () => {
  it('splits connections and in-flight requests as evenly as integers allow, remainders to the first shards', () => {
    const shards = splitLoadOptions(
      { url, model: 'closed', connections: 10, concurrency: 11, durationMs: 1000 },
      3,
    );
    expect(shards.map((s) => s.connections)).toEqual([4, 3, 3]);
    expect(shards.map((s) => s.concurrency)).toEqual([4, 4, 3]);
    expect(shards.every((s) => s.durationMs === 1000 && s.url === url && s.model === 'closed')).toBe(true);
  });

  it('leaves concurrency to each shard’s default (= its connections) when the run did not set it', () => {
    const shards = splitLoadOptions({ url, model: 'closed', connections: 5, durationMs: 1000 }, 2);
    expect(shards.map((s) => s.connections)).toEqual([3, 2]);
    expect(shards.map((s) => s.concurrency)).toEqual([undefined, undefined]);
  });

  it('divides the rate of the open model evenly, the total kept', () => {
    const shards = splitLoadOptions({ url, model: 'open', rate: 1000, connections: 16, durationMs: 1000 }, 3);
    expect(shards.map((s) => s.rate)).toEqual([1000 / 3, 1000 / 3, 1000 / 3]);
    expect(shards.reduce((total, s) => total + (s.connections ?? 0), 0)).toBe(16);
  });

  it('keeps the run’s other options on every shard (headers, body, warm-up, threads)', () => {
    const shards = splitLoadOptions(
      {
        url,
        model: 'closed',
        connections: 2,
        durationMs: 500,
        warmupMs: 100,
        threads: 1,
        headers: { a: 'b' },
        body: 'x',
      },
      2,
    );
    expect(shards[1]).toMatchObject({
      warmupMs: 100,
      threads: 1,
      headers: { a: 'b' },
      body: 'x',
      connections: 1,
    });
  });

  it('refuses more shards than connections or in-flight requests, and a non-integer worker count', () => {
    expect(() => splitLoadOptions({ url, model: 'closed', connections: 2, durationMs: 1 }, 3)).toThrow(
      /2 connection\(s\) cannot be split across 3 workers/,
    );
    expect(() =>
      splitLoadOptions({ url, model: 'closed', connections: 4, concurrency: 2, durationMs: 1 }, 3),
    ).toThrow(/concurrency 2 cannot be split/);
    expect(() => splitLoadOptions({ url, model: 'closed', durationMs: 1 }, 0)).toThrow(ShardSplitError);
    expect(() => splitLoadOptions({ url, model: 'closed', durationMs: 1 }, 1.5)).toThrow(/integer ≥ 1/);
  });
});
