import { deadLetterStream, defineStream } from '@meshplane/contracts';
// Test-only dependency on the testing lib; the root ESLint boundaries don't yet exempt test files (see report).
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMessaging, consume, ensureTopology, Publisher, type MessagingClient } from '../src/index.js';
import { deferred, itemChanged, itemsConsumer, itemsStream, type ItemChanged } from './test-contracts.js';

let server: NatsServer;
let client: MessagingClient;

beforeAll(async () => {
  server = await startTestNats();
  client = await connectMessaging({ url: server.url, name: 'topology-int' });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('ensureTopology', () => {
  it('is safe when several replicas declare the same topology at once', async () => {
    const replicas = await Promise.all(
      [1, 2, 3].map((i) => connectMessaging({ url: server.url, name: `replica-${i}` })),
    );
    const topology = { streams: [itemsStream, deadLetterStream], consumers: [itemsConsumer('shared')] };
    await Promise.all(replicas.map((r) => ensureTopology(r, topology)));
    await Promise.all(replicas.map((r) => ensureTopology(r, topology)));
    await Promise.all(replicas.map((r) => r.close()));

    const info = await client.jsm.consumers.info(itemsStream.name, 'shared');
    expect(info.config).toMatchObject({
      filter_subject: 'items.v1.>',
      max_deliver: 4,
      ack_policy: 'explicit',
    });
  });

  it('updates a stream whose declared limits changed', async () => {
    const { name, subjects, duplicateWindowMs } = itemsStream;
    const longer = defineStream({ name, subjects, duplicateWindowMs, maxAgeMs: 2 * itemsStream.maxAgeMs });
    await ensureTopology(client, { streams: [itemsStream], consumers: [] });
    await ensureTopology(client, { streams: [longer], consumers: [] });
    const info = await client.jsm.streams.info(itemsStream.name);
    expect(info.config.max_age).toBe(longer.maxAgeMs * 1_000_000);
  });
});

describe('ensureTopology of a stream only read', () => {
  it('creates it when missing, and never changes the config its owner declared', async () => {
    const owned = defineStream({
      name: 'READ_ONLY_ITEMS',
      subjects: ['read-only-items.v1.>'],
      maxAgeMs: 60_000,
      duplicateWindowMs: 10_000,
    });
    const readerView = defineStream({
      name: owned.name,
      subjects: ['read-only-items.v1.>', 'other.v1.>'],
      maxAgeMs: 20_000,
      duplicateWindowMs: owned.duplicateWindowMs,
    });
    // The reader starts first: the stream is created as the contract declares it.
    await ensureTopology(client, { streams: [], reads: [owned], consumers: [] });
    expect((await client.jsm.streams.info(owned.name)).config.max_age).toBe(owned.maxAgeMs * 1_000_000);
    // A reader declaring something else (an older or a hostile build) changes nothing.
    await ensureTopology(client, { streams: [], reads: [readerView], consumers: [] });
    const info = await client.jsm.streams.info(owned.name);
    expect(info.config.subjects).toEqual(['read-only-items.v1.>']);
    expect(info.config.max_age).toBe(owned.maxAgeMs * 1_000_000);
  });
});

describe('a nats-server restart', () => {
  it('keeps the stream, its messages and the durable consumer, and delivery resumes', async () => {
    const def = itemsConsumer('survivor');
    await ensureTopology(client, { streams: [itemsStream, deadLetterStream], consumers: [def] });
    await client.jsm.streams.purge(itemsStream.name);
    const publisher = new Publisher(client);
    await publisher.publish(itemChanged, { id: 'before-restart', n: 1 });

    await server.restart();
    await waitFor(async () => (await client.jsm.streams.info(itemsStream.name)).state.messages === 1, {
      description: 'the stream after the restart',
      timeoutMs: 15_000,
    });
    expect((await client.jsm.consumers.info(itemsStream.name, 'survivor')).config.durable_name).toBe(
      'survivor',
    );

    const received: ItemChanged[] = [];
    const both = deferred();
    const handle = consume(client, def, itemChanged, async (m) => {
      received.push(m.data);
      if (received.length === 2) both.resolve();
    });
    await publisher.publish(itemChanged, { id: 'after-restart', n: 1 });
    await both.promise;
    await handle.stop();
    expect(received.map((r) => r.id)).toEqual(['before-restart', 'after-restart']);
  });
});
