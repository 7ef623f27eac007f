import { deadLetterSchema, deadLetterStream, type DeadLetterRecord } from '@meshplane/contracts';
// Test-only dependency on the testing lib; the root ESLint boundaries don't yet exempt test files (see report).
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  connectMessaging,
  consume,
  ensureTopology,
  PermanentError,
  Publisher,
  type ConsumerHandle,
  type MessagingClient,
  type ReceivedEvent,
} from '../src/index.js';
import { deferred, itemChanged, itemsConsumer, itemsStream, type ItemChanged } from './test-contracts.js';

let server: NatsServer;
let client: MessagingClient;
let publisher: Publisher;
const handles: ConsumerHandle[] = [];

beforeAll(async () => {
  server = await startTestNats();
  client = await connectMessaging({ url: server.url, name: 'consumer-int' });
  publisher = new Publisher(client);
  await ensureTopology(client, { streams: [itemsStream, deadLetterStream], consumers: [] });
});

// Every test's consumer starts from the beginning of the stream: it must not see earlier tests' messages.
beforeEach(async () => {
  await client.jsm.streams.purge(itemsStream.name);
  await client.jsm.streams.purge(deadLetterStream.name);
});

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

async function setUp(durable: string, overrides?: Parameters<typeof itemsConsumer>[1]) {
  const def = itemsConsumer(durable, overrides);
  await ensureTopology(client, { streams: [], consumers: [def] });
  return def;
}

function start(
  c: MessagingClient,
  def: ReturnType<typeof itemsConsumer>,
  handler: (m: ReceivedEvent<ItemChanged>) => Promise<void>,
) {
  const handle = consume(c, def, itemChanged, handler);
  handles.push(handle);
  return handle;
}

async function deadLetters(durable: string): Promise<DeadLetterRecord[]> {
  const subject = `deadletter.v1.${itemsStream.name}.${durable}`;
  const stored = await client.jsm.streams
    .getMessage(deadLetterStream.name, { last_by_subj: subject })
    .catch(() => null);
  return stored ? [deadLetterSchema.parse(stored.json())] : [];
}

async function pending(durable: string) {
  const info = await client.jsm.consumers.info(itemsStream.name, durable);
  return {
    ackPending: info.num_ack_pending,
    unprocessed: info.num_pending,
    redelivered: info.num_redelivered,
  };
}

describe('consume', () => {
  it('delivers a message published while no consumer was running once it starts, then acks it', async () => {
    const def = await setUp('late-starter');
    await publisher.publish(itemChanged, { id: 'late', n: 1 }, { tenant: 'org-1' });
    const seen: ReceivedEvent<ItemChanged>[] = [];
    start(client, def, async (m) => void seen.push(m));

    await waitFor(() => seen.length === 1, { description: 'the waiting message' });
    expect(seen[0]).toMatchObject({
      subject: 'items.v1.late.changed',
      data: { id: 'late', n: 1 },
      tenant: 'org-1',
      msgId: 'late:1',
      deliveryCount: 1,
    });
    await waitFor(async () => (await pending('late-starter')).ackPending === 0, { description: 'the ack' });
  });

  it('does not ack before the handler resolves: a consumer killed mid-handler gets the message redelivered', async () => {
    const def = await setUp('crashy', { ackWaitMs: 1_000 });
    const doomed = await connectMessaging({ url: server.url, name: 'doomed' });
    const entered = deferred();
    consume(doomed, def, itemChanged, async () => {
      entered.resolve();
      await new Promise(() => undefined);
    });
    await publisher.publish(itemChanged, { id: 'crash', n: 1 });
    await entered.promise;
    await doomed.nc.close(); // a crash: no ack, no nak, no drain

    const redelivered = deferred<ReceivedEvent<ItemChanged>>();
    start(client, def, async (m) => redelivered.resolve(m));
    const msg = await redelivered.promise;
    expect(msg).toMatchObject({ data: { id: 'crash', n: 1 }, deliveryCount: 2 });
  });

  it('redelivers a failing message with backoff, at most maxDeliver times, then parks it with the error', async () => {
    const def = await setUp('always-fails', { maxDeliver: 3 });
    const attempts: number[] = [];
    start(client, def, async () => {
      attempts.push(Date.now());
      throw new Error(`boom #${attempts.length}`);
    });
    const { seq } = await publisher.publish(itemChanged, { id: 'poison', n: 1 }, { tenant: 'org-9' });

    await waitFor(async () => (await deadLetters('always-fails')).length === 1, {
      description: 'the dead letter',
    });
    const [parked] = await deadLetters('always-fails');
    const [t1 = 0, t2 = 0, t3 = 0] = attempts;
    expect(attempts).toHaveLength(3);
    expect(t2 - t1).toBeGreaterThanOrEqual(180);
    expect(t3 - t2).toBeGreaterThanOrEqual(380);
    expect(parked).toMatchObject({
      stream: 'ITEMS',
      consumer: 'always-fails',
      subject: 'items.v1.poison.changed',
      streamSeq: seq,
      deliveryCount: 3,
      reason: 'max-deliveries',
      error: 'Error: boom #3',
    });
    expect(parked?.headers['Meshplane-Tenant']).toEqual(['org-9']);
    expect(JSON.parse(Buffer.from(parked?.data ?? '', 'base64').toString())).toEqual({ id: 'poison', n: 1 });
    await waitFor(async () => (await pending('always-fails')).ackPending === 0, { description: 'the term' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(attempts).toHaveLength(3);
  });

  it('parks an invalid payload without calling the handler', async () => {
    const def = await setUp('strict');
    let calls = 0;
    start(client, def, async () => void calls++);
    await client.js.publish('items.v1.raw.changed', 'not json at all', { msgID: 'raw-1' });

    await waitFor(async () => (await deadLetters('strict')).length === 1, { description: 'the dead letter' });
    const [parked] = await deadLetters('strict');
    expect(parked).toMatchObject({
      reason: 'invalid-payload',
      deliveryCount: 1,
      subject: 'items.v1.raw.changed',
    });
    expect(parked?.error).toContain('not UTF-8 JSON');
    expect(Buffer.from(parked?.data ?? '', 'base64').toString()).toBe('not json at all');
    expect(calls).toBe(0);
  });

  it('parks at once when the handler throws a PermanentError', async () => {
    const def = await setUp('permanent', { maxDeliver: 5 });
    let calls = 0;
    start(client, def, async () => {
      calls++;
      throw new PermanentError('organization does not exist');
    });
    await publisher.publish(itemChanged, { id: 'orphan', n: 1 });

    await waitFor(async () => (await deadLetters('permanent')).length === 1, {
      description: 'the dead letter',
    });
    expect((await deadLetters('permanent'))[0]).toMatchObject({
      reason: 'permanent-error',
      deliveryCount: 1,
      error: 'PermanentError: organization does not exist',
    });
    expect(calls).toBe(1);
  });

  it('keeps a handler that outlives AckWait from being redelivered by sending progress', async () => {
    const def = await setUp('slow', { ackWaitMs: 600 });
    let calls = 0;
    const finished = deferred();
    start(client, def, async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 2_000));
      finished.resolve();
    });
    await publisher.publish(itemChanged, { id: 'slow', n: 1 });
    await finished.promise;
    await waitFor(async () => (await pending('slow')).ackPending === 0, { description: 'the ack' });
    expect(calls).toBe(1);
    expect((await pending('slow')).redelivered).toBe(0);
  });

  it('stop() stops pulling and resolves only after in-flight handlers settled and were acked', async () => {
    const def = await setUp('draining');
    const entered = deferred();
    const events: string[] = [];
    const handle = consume(client, def, itemChanged, async () => {
      entered.resolve();
      await new Promise((r) => setTimeout(r, 500));
      events.push('handler done');
    });
    await publisher.publish(itemChanged, { id: 'drain', n: 1 });
    await entered.promise;
    await handle.stop();
    events.push('stopped');

    expect(events).toEqual(['handler done', 'stopped']);
    await waitFor(async () => (await pending('draining')).ackPending === 0, { description: 'the ack' });
    await publisher.publish(itemChanged, { id: 'drain', n: 2 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await pending('draining')).unprocessed).toBe(1);
  });
});
