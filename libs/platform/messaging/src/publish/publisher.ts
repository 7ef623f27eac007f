import { encodePayload, type EventDefinition } from '@meshplane/contracts';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { inSpan } from '@meshplane/telemetry';
import type { MessagingClient } from '../client/messaging-client.js';
import { messagingMetrics } from '../metrics/messaging.metrics.js';
import { publishSpan, withTraceContext } from '../tracing/message-spans.js';
import { buildMessageHeaders, type PublishOptions } from './message-headers.builder.js';

export interface PublishResult {
  seq: number;
  /** True when JetStream already held a message with this Nats-Msg-Id inside the duplicate window. */
  duplicate: boolean;
}

export type PublishManyResult = ({ ok: true } & PublishResult) | { ok: false; error: Error };

export interface PublishManyOptions extends PublishOptions {
  /** Publishes allowed in flight without their ack. */
  window?: number;
}

export const DEFAULT_PUBLISH_WINDOW = 256;

/** Validated, de-duplicated publishing of contract events to JetStream. */
export class Publisher {
  constructor(private readonly client: MessagingClient) {}

  /**
   * Throws InvalidPayloadError (nothing sent) when the payload breaks the event's schema. With tracing on, the publish
   * is a span whose context the message carries in `traceparent`.
   */
  async publish<T>(
    event: EventDefinition<string, T>,
    payload: T,
    opts?: PublishOptions,
  ): Promise<PublishResult> {
    const labels = { stream: event.stream.name, event: event.key };
    try {
      const body = encodePayload(event, payload);
      const msgId = event.msgId(payload);
      const subject = event.subject(payload);
      const ack = await inSpan(
        () => publishSpan(event, subject, msgId),
        () => {
          const hdrs = toNatsHeaders(buildMessageHeaders(event, msgId, withTraceContext(opts)));
          return this.client.js.publish(subject, body, { msgID: msgId, headers: hdrs });
        },
      );
      messagingMetrics.published.inc(labels);
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      messagingMetrics.publishFailures.inc(labels);
      throw error;
    }
  }

  /**
   * Publishes many payloads keeping at most `window` acks outstanding, which is several times faster
   * than awaiting each ack. One result per payload, in input order; a failure does not stop the rest.
   */
  async publishMany<T>(
    event: EventDefinition<string, T>,
    payloads: readonly T[],
    opts: PublishManyOptions = {},
  ): Promise<PublishManyResult[]> {
    const { window = DEFAULT_PUBLISH_WINDOW, ...publishOpts } = opts;
    if (!Number.isInteger(window) || window < 1)
      throw new RangeError(`window must be a positive integer, got ${window}`);
    const results = new Array<PublishManyResult>(payloads.length);
    let next = 0;
    const lane = async () => {
      while (next < payloads.length) {
        const i = next++;
        results[i] = await this.publish(event, payloads[i] as T, publishOpts).then(
          (r): PublishManyResult => ({ ok: true, ...r }),
          (error: unknown): PublishManyResult => ({ ok: false, error: asError(error) }),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, payloads.length) }, lane));
    return results;
  }
}

export function toNatsHeaders(values: Iterable<[string, string]>): MsgHdrs {
  const hdrs = natsHeaders();
  for (const [key, value] of values) hdrs.set(key, value);
  return hdrs;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
