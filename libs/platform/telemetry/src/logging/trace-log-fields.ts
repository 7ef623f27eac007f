import { isSpanContextValid, trace } from '@opentelemetry/api';
import { tracingEnabled } from '../tracing/tracing.js';

export interface TraceLogFields {
  trace_id?: string;
  span_id?: string;
}

/**
 * The active span's ids for a log line (a pino `mixin`), so a line leads to its trace and back. Empty when tracing
 * is off or no span is active. Always a new object: pino merges the line's own fields into what the mixin returns.
 */
export function traceLogFields(): TraceLogFields {
  if (!tracingEnabled()) return {};
  const span = trace.getActiveSpan()?.spanContext();
  if (span === undefined || !isSpanContextValid(span)) return {};
  return { trace_id: span.traceId, span_id: span.spanId };
}
