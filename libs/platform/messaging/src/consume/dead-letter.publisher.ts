import {
  deadLetterEvent,
  encodePayload,
  MessageHeaders,
  type ConsumerDefinition,
  type DeadLetterReason,
} from '@meshplane/contracts';
import type { JsMsg } from '@nats-io/jetstream';
import type { MessagingClient } from '../client/messaging-client.js';
import { toNatsHeaders } from '../publish/publisher.js';
import { deadLetterRecord } from './dead-letter.record.js';

const CARRIED_HEADERS = [
  MessageHeaders.tenant,
  MessageHeaders.traceparent,
  MessageHeaders.tracestate,
] as const;

/**
 * Parks a message on the consumer's dead-letter subject. The msgId is derived from the original
 * stream sequence, so parking the same delivery twice (crash before term) stores it once.
 */
export async function publishDeadLetter(
  client: MessagingClient,
  consumer: ConsumerDefinition,
  msg: JsMsg,
  reason: DeadLetterReason,
  error: unknown,
): Promise<void> {
  const record = deadLetterRecord(
    consumer,
    {
      subject: msg.subject,
      data: msg.data,
      headers: msg.headers,
      streamSeq: msg.seq,
      deliveryCount: msg.info.deliveryCount,
    },
    reason,
    error,
    new Date(),
  );
  const msgId = deadLetterEvent.msgId(record);
  const headers = new Map<string, string>([
    [MessageHeaders.msgId, msgId],
    [MessageHeaders.event, deadLetterEvent.key],
  ]);
  for (const name of CARRIED_HEADERS) {
    const value = msg.headers?.get(name);
    if (value) headers.set(name, value);
  }
  await client.js.publish(consumer.deadLetterSubject, encodePayload(deadLetterEvent, record), {
    msgID: msgId,
    headers: toNatsHeaders(headers),
  });
}
