import { deadLetterStream } from '@meshplane/contracts';
// Test-only dependency on the testing lib; the root ESLint boundaries don't yet exempt test files (see report).
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMessaging,
  ensureTopology,
  liveEvents,
  Publisher,
  type MessagingClient,
} from '../src/index.js';
import { itemChanged, itemsStream } from './test-contracts.js';

let server: NatsServer;
let client: MessagingClient;

beforeAll(async () => {
  server = await startTestNats();
  client = await connectMessaging({ url: server.url, name: 'live-int' });
  await ensureTopology(client, { streams: [itemsStream, deadLetterStream], consumers: [] });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

async function firstOf<T>(iterable: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of iterable) return item;
  return undefined;
}

describe('liveEvents', () => {
  it('gives every subscriber the events published after it started, and none from before', async () => {
    const publisher = new Publisher(client);
    await publisher.publish(itemChanged, { id: 'old', n: 1 });
    const controller = new AbortController();
    const replicaA = liveEvents(client, itemsStream, 'items.v1.>', itemChanged, {
      signal: controller.signal,
    });
    const replicaB = liveEvents(client, itemsStream, 'items.v1.*.changed', itemChanged, {
      signal: controller.signal,
    });
    await Promise.all([replicaA.ready, replicaB.ready]);

    const firstA = firstOf(replicaA);
    const firstB = firstOf(replicaB);
    await client.js.publish('items.v1.junk.changed', 'not json');
    await publisher.publish(itemChanged, { id: 'new', n: 1 }, { tenant: 'org-3' });

    expect(await firstA).toMatchObject({ data: { id: 'new', n: 1 }, tenant: 'org-3' });
    expect(await firstB).toMatchObject({ data: { id: 'new', n: 1 } });
    controller.abort();
  });

  it('ends the iteration when its signal aborts', async () => {
    const controller = new AbortController();
    const live = liveEvents(client, itemsStream, 'items.v1.>', itemChanged, { signal: controller.signal });
    await live.ready;
    const ended = firstOf(live);
    controller.abort();
    expect(await ended).toBeUndefined();
  });
});
