import { describe, expect, it } from 'vitest';
import { ClaimLoop } from '../claim-loop.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(condition()).toBe(true);
}

describe('ClaimLoop', () => {
  it('claims no more than its free slots, runs pieces side by side, survives failures and waits for them on stop', async () => {
    const queue = ['a', 'b', 'c', 'boom'];
    const asked: number[] = [];
    const running = new Map<string, ReturnType<typeof deferred>>();
    const warnings: string[] = [];
    const loop = new ClaimLoop<string>(
      {
        claim: async (free) => {
          asked.push(free);
          return queue.splice(0, free);
        },
        execute: async (piece) => {
          if (piece === 'boom') throw new Error('exploded');
          const gate = deferred();
          running.set(piece, gate);
          await gate.promise;
        },
        describe: (piece) => `piece ${piece}`,
        warn: (message) => warnings.push(message),
      },
      { pollMs: 5, concurrency: 2 },
    );
    loop.start();
    await until(() => running.size === 2);
    expect(asked[0]).toBe(2);
    expect(queue).toEqual(['c', 'boom']);
    running.get('a')?.resolve();
    await until(() => running.has('c'));
    running.get('b')?.resolve();
    await until(() => warnings.length === 1);
    expect(warnings).toEqual(['piece boom interrupted: exploded']);

    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false); // piece c is still in flight
    running.get('c')?.resolve();
    await stopping;
    expect(loop.stopping).toBe(true);
  });

  it('claims at once when woken, without waiting for the tick', async () => {
    let claims = 0;
    const loop = new ClaimLoop<string>(
      {
        claim: async () => (claims++, []),
        execute: () => Promise.resolve(),
        describe: String,
        warn: (message) => expect.fail(message),
      },
      { pollMs: 60_000, concurrency: 1 },
    );
    loop.start();
    await until(() => claims === 1);
    loop.wake();
    await until(() => claims === 2);
    await loop.stop();
  });

  it('claims again as soon as a slot frees after a full claim, not at the next tick (a backlog drains at speed)', async () => {
    const queue = ['a', 'b', 'c', 'd'];
    const done: string[] = [];
    const loop = new ClaimLoop<string>(
      {
        claim: async (free) => queue.splice(0, free),
        execute: async (piece) => {
          await new Promise((r) => setTimeout(r, 5));
          done.push(piece);
        },
        describe: (piece) => piece,
        warn: () => undefined,
      },
      // A tick that never comes within the test: only the freed slots can claim the rest.
      { pollMs: 60_000, concurrency: 2 },
    );
    loop.start();
    await until(() => done.length === 4);
    expect(done.sort()).toEqual(['a', 'b', 'c', 'd']);
    await loop.stop();
  });
});
