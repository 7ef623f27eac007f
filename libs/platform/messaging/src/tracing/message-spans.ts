import { MessageHeaders, type ConsumerDefinition, type EventDefinition } from '@meshplane/contracts';
import type { JsMsg } from '@nats-io/jetstream';
import {
  contextFromHeaders,
  SpanKind,
  traceHeaders,
  tracingEnabled,
  type SpanSpec,
} from '@meshplane/telemetry';
import type { PublishOptions } from '../publish/message-headers.builder.js';

/**
 * The PRODUCER span of one publish. Named after the event, not the subject: subjects carry organization and cluster
 * ids, which would make every span name unique.
 */
export function publishSpan(event: EventDefinition, subject: string, msgId: string): SpanSpec {
  return {
    name: `send ${event.key}`,
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'nats',
      'messaging.operation.type': 'send',
      'messaging.destination.name': subject,
      'messaging.message.id': msgId,
      'meshplane.event': event.key,
    },
  };
}

/**
 * Publish options carrying the active (publish) span's trace context in `traceparent`/`tracestate`, unless the caller
 * set a traceparent itself. Unchanged when tracing is off.
 */
export function withTraceContext(opts: PublishOptions | undefined): PublishOptions | undefined {
  if (!tracingEnabled() || opts?.traceparent !== undefined) return opts;
  return { ...opts, ...traceHeaders() };
}

/**
 * The CONSUMER span of one delivery: a child of the publisher's span (from the message's `traceparent`), so a
 * request, the events it publishes and their processing read as one trace; a root span for a message without one.
 */
export function processSpan(consumer: ConsumerDefinition, msg: JsMsg): SpanSpec {
  return {
    name: `process ${consumer.durable}`,
    kind: SpanKind.CONSUMER,
    parent: contextFromHeaders((name) => msg.headers?.get(name) || undefined),
    attributes: {
      'messaging.system': 'nats',
      'messaging.operation.type': 'process',
      'messaging.destination.name': msg.subject,
      'messaging.consumer.group.name': consumer.durable,
      'messaging.message.id': msg.headers?.get(MessageHeaders.msgId) || `${msg.info.stream}#${msg.seq}`,
      'messaging.nats.delivery_count': msg.info.deliveryCount,
    },
  };
}
