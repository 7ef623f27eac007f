import { deadLetterStream } from '@meshplane/contracts';
import {
  inSpan,
  shutdownTracing,
  SpanKind,
  startTracing,
  traceLogFields,
  type TraceLogFields,
} from '@meshplane/telemetry';
import {
  guardLoopbackOnly,
  startOtlpReceiver,
  startTestNats,
  waitFor,
  type NatsServer,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@meshplane/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMessaging,
  consume,
  ensureTopology,
  Publisher,
  type ConsumerHandle,
  type MessagingClient,
} from '../src/index.js';
import { itemChanged, itemsConsumer, itemsStream } from './test-contracts.js';

const refused: string[] = [];
let restore: () => void;
let receiver: OtlpReceiver;
let server: NatsServer;
let client: MessagingClient;
let publisher: Publisher;
const handles: ConsumerHandle[] = [];

beforeAll(async () => {
  restore = guardLoopbackOnly((host) => refused.push(host));
  receiver = await startOtlpReceiver();
  await startTracing(receiver.tracingSettings('messaging-test'));
  server = await startTestNats();
  client = await connectMessaging({ url: server.url, name: 'tracing-int' });
  publisher = new Publisher(client);
  await ensureTopology(client, { streams: [itemsStream, deadLetterStream], consumers: [] });
});

afterAll(async () => {
  await Promise.all(handles.map((h) => h.stop()));
  await client?.close();
  await server?.stop();
  await shutdownTracing();
  await receiver?.close();
  restore();
  expect(refused).toEqual([]);
});

const named = (spans: ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);

describe('trace context across JetStream', () => {
  it('makes the consumer’s span a child of the publish span, so request, event and processing are one trace', async () => {
    const def = itemsConsumer('traced');
    await ensureTopology(client, { streams: [], consumers: [def] });
    const seen: { fields: TraceLogFields; deliveries: number }[] = [];
    handles.push(
      consume(client, def, itemChanged, async (msg) => {
        seen.push({ fields: traceLogFields(), deliveries: msg.deliveryCount });
        await inSpan(
          () => ({ name: 'handler work', kind: SpanKind.INTERNAL }),
          () => Promise.resolve(),
        );
        if (msg.deliveryCount === 1) throw new Error('first delivery fails');
      }),
    );
    const { seq } = await inSpan(
      () => ({ name: 'request', kind: SpanKind.SERVER }),
      () => publisher.publish(itemChanged, { id: 'traced', n: 1 }, { tenant: 'org-1' }),
    );
    await waitFor(() => seen.length === 2, { description: 'the redelivery' });

    const spans = await receiver.waitForSpans(
      (all) => named(all, 'process traced').length === 2 && named(all, 'handler work').length === 2,
      'the request’s spans',
    );
    const [request] = named(spans, 'request');
    const [send] = named(spans, 'send ItemChanged@1');
    const processed = named(spans, 'process traced');
    expect(send).toMatchObject({
      kind: 4, // PRODUCER
      traceId: request?.traceId,
      parentSpanId: request?.spanId,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': 'items.v1.traced.changed',
        'messaging.message.id': 'traced:1',
      },
    });
    for (const span of processed) {
      expect(span).toMatchObject({ kind: 5, traceId: request?.traceId, parentSpanId: send?.spanId }); // CONSUMER
    }
    // The failed delivery is marked, the redelivery is not; the handler's own spans hang below its delivery.
    expect(
      processed.map((s) => [s.attributes['messaging.nats.delivery_count'], s.status.code ?? 0]).sort(),
    ).toEqual([
      [1, 2],
      [2, 0],
    ]);
    for (const work of named(spans, 'handler work'))
      expect(processed.map((s) => s.spanId)).toContain(work.parentSpanId);
    // Log lines written while handling carry the delivery's trace and span ids.
    expect(seen.map((s) => s.fields.trace_id)).toEqual([request?.traceId, request?.traceId]);
    expect(processed.map((s) => s.spanId)).toContain(seen[0]?.fields.span_id);

    const stored = await client.jsm.streams.getMessage(itemsStream.name, { seq });
    expect(stored?.header.get('traceparent')).toBe(`00-${send?.traceId}-${send?.spanId}-01`);
  });

  it('keeps a traceparent the caller set itself', async () => {
    const given = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { seq } = await publisher.publish(itemChanged, { id: 'given', n: 1 }, { traceparent: given });
    const stored = await client.jsm.streams.getMessage(itemsStream.name, { seq });
    expect(stored?.header.get('traceparent')).toBe(given);
  });
});
