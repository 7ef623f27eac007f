import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '@meshplane/contracts';
import { MAX_CHANGES_PER_MESSAGE, splitChanges } from '../publish/split-changes.js';

const change = (i: number, bytes = 0): ResourceChange => ({
  type: 'upsert',
  uid: `u${i}`,
  name: `n${i}`,
  resourceVersion: String(i),
  object: { pad: 'x'.repeat(bytes) },
});

describe('splitChanges', () => {
  it('caps a message at the contract limit of changes', () => {
    const batches = splitChanges(
      Array.from({ length: 2500 }, (_, i) => change(i)),
      100 * 1024 * 1024,
    );
    expect(batches.map((b) => b.length)).toEqual([MAX_CHANGES_PER_MESSAGE, MAX_CHANGES_PER_MESSAGE, 500]);
  });

  it('keeps each message under the byte budget, preserving order', () => {
    const changes = Array.from({ length: 10 }, (_, i) => change(i, 30_000));
    const batches = splitChanges(changes, 100_000);
    expect(batches.flat()).toEqual(changes);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThan(100_000);
    expect(batches.length).toBeGreaterThan(3);
  });

  it('gives an oversized change a message of its own', () => {
    const batches = splitChanges([change(1, 10), change(2, 500_000), change(3, 10)], 100_000);
    expect(batches.map((b) => b.map((c) => c.uid))).toEqual([['u1'], ['u2'], ['u3']]);
  });
});
