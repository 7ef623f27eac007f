import { deadLetterStream, InvalidPayloadError } from '@meshplane/contracts';
// Test-only dependency on the testing lib; the root ESLint boundaries don't yet exempt test files (see report).
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectMessaging, ensureTopology, Publisher, type MessagingClient } from '../src/index.js';
import { itemChanged, itemsStream, type ItemChanged } from './test-contracts.js';

let server: NatsServer;
let client: MessagingClient;
let publisher: Publisher;

beforeAll(async () => {
  server = await startTestNats();
  client = await connectMessaging({ url: server.url, name: 'publisher-int' });
  publisher = new Publisher(client);
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

beforeEach(async () => {
  await client.jsm.streams.delete(itemsStream.name).catch(() => false);
  await ensureTopology(client, { streams: [itemsStream, deadLetterStream], consumers: [] });
});

async function storedCount(): Promise<number> {
  return (await client.jsm.streams.info(itemsStream.name)).state.messages;
}

describe('Publisher', () => {
  it('stores a message once per Nats-Msg-Id and reports the repeat as a duplicate', async () => {
    const first = await publisher.publish(itemChanged, { id: 'a', n: 1 });
    const again = await publisher.publish(itemChanged, { id: 'a', n: 1 });
    expect(first).toEqual({ seq: 1, duplicate: false });
    expect(again).toEqual({ seq: 1, duplicate: true });
    expect(await storedCount()).toBe(1);
  });

  it('sends tenant, trace and event headers with the message', async () => {
    const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { seq } = await publisher.publish(
      itemChanged,
      { id: 'b', n: 1 },
      { tenant: 'org-7', traceparent: trace },
    );
    const stored = await client.jsm.streams.getMessage(itemsStream.name, { seq });
    expect(stored?.subject).toBe('items.v1.b.changed');
    expect(stored?.header.get('Nats-Msg-Id')).toBe('b:1');
    expect(stored?.header.get('Meshplane-Tenant')).toBe('org-7');
    expect(stored?.header.get('Meshplane-Event')).toBe('ItemChanged@1');
    expect(stored?.header.get('traceparent')).toBe(trace);
  });

  it('rejects an invalid payload before sending anything', async () => {
    const bad = { id: '', n: 1.5 } as ItemChanged;
    const error = await publisher.publish(itemChanged, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as InvalidPayloadError).issues.map((i) => i.path).sort()).toEqual(['id', 'n']);
    expect(await storedCount()).toBe(0);
  });

  it('publishMany keeps at most `window` acks outstanding and reports each item in order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const original = client.js.publish.bind(client.js);
    client.js.publish = async (...args) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await original(...args);
      } finally {
        inFlight--;
      }
    };
    try {
      const payloads: ItemChanged[] = Array.from({ length: 400 }, (_, i) => ({ id: `m${i}`, n: 1 }));
      payloads[123] = { id: 'broken', n: 0.5 };
      const results = await publisher.publishMany(itemChanged, payloads, { window: 16 });

      expect(maxInFlight).toBe(16);
      expect(results).toHaveLength(400);
      expect(results[123]).toMatchObject({ ok: false, error: expect.any(InvalidPayloadError) });
      expect(results.filter((r) => r.ok)).toHaveLength(399);
      expect(await storedCount()).toBe(399);
    } finally {
      client.js.publish = original;
    }
  });
});
