import { MessageHeaders, type EventDefinition } from '@meshplane/contracts';

export interface PublishOptions {
  tenant?: string;
  /** W3C trace context; with tracing on, the publish span's own is set when none is given. */
  traceparent?: string;
  tracestate?: string;
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** W3C's limit: up to 32 list members, 512 characters in all, printable ASCII. */
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/**
 * Header values for one publish. Values are checked because a CR/LF in a header would let a
 * caller-controlled string forge other headers.
 */
export function buildMessageHeaders(
  event: EventDefinition,
  msgId: string,
  opts: PublishOptions = {},
): Map<string, string> {
  const out = new Map<string, string>([
    [MessageHeaders.msgId, headerValue(msgId, 'msgId')],
    [MessageHeaders.event, event.key],
  ]);
  if (opts.tenant !== undefined) out.set(MessageHeaders.tenant, headerValue(opts.tenant, 'tenant'));
  if (opts.traceparent !== undefined) {
    if (!TRACEPARENT.test(opts.traceparent))
      throw new TypeError(`traceparent "${opts.traceparent}" is not W3C trace context`);
    out.set(MessageHeaders.traceparent, opts.traceparent);
  }
  if (opts.tracestate !== undefined) {
    if (!TRACESTATE.test(opts.tracestate))
      throw new TypeError('tracestate must be at most 512 printable ASCII characters');
    out.set(MessageHeaders.tracestate, opts.tracestate);
  }
  return out;
}

function headerValue(value: string, what: string): string {
  if (value.length === 0 || /[\r\n]/.test(value))
    throw new TypeError(`${what} must be a non-empty single-line value`);
  return value;
}
