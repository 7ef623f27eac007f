import { MessageHeaders } from '@meshplane/contracts';
import type { JsMsg } from '@nats-io/jetstream';

/** A validated event as a handler sees it. */
export interface ReceivedEvent<T> {
  subject: string;
  data: T;
  tenant?: string;
  traceparent?: string;
  /** The publisher's Nats-Msg-Id, or `<stream>#<seq>` for messages published without one; stable across redeliveries. */
  msgId: string;
  deliveryCount: number;
  streamSeq: number;
  publishedAt: Date;
}

export function toReceivedEvent<T>(msg: JsMsg, data: T): ReceivedEvent<T> {
  const received: ReceivedEvent<T> = {
    subject: msg.subject,
    data,
    msgId: header(msg, MessageHeaders.msgId) ?? `${msg.info.stream}#${msg.seq}`,
    deliveryCount: msg.info.deliveryCount,
    streamSeq: msg.seq,
    publishedAt: msg.time,
  };
  const tenant = header(msg, MessageHeaders.tenant);
  const traceparent = header(msg, MessageHeaders.traceparent);
  if (tenant !== undefined) received.tenant = tenant;
  if (traceparent !== undefined) received.traceparent = traceparent;
  return received;
}

function header(msg: JsMsg, name: string): string | undefined {
  const value = msg.headers?.get(name);
  return value === undefined || value === '' ? undefined : value;
}
