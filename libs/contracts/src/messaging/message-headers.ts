/** Headers carried by every Meshplane message. */
export const MessageHeaders = {
  /** JetStream de-duplication key, from the event's `msgId(payload)`. */
  msgId: 'Nats-Msg-Id',
  /** Organization the event belongs to; consumers set it before touching the database. */
  tenant: 'Meshplane-Tenant',
  /** `name@version` of the event contract. */
  event: 'Meshplane-Event',
  /** W3C trace context: the publisher's span, when tracing is on. */
  traceparent: 'traceparent',
  /** W3C trace context: vendor state travelling with traceparent. */
  tracestate: 'tracestate',
} as const;

export type MessageHeaderName = (typeof MessageHeaders)[keyof typeof MessageHeaders];
