import { isSpanContextValid, trace } from '@opentelemetry/api';
import { tracingEnabled } from '../tracing/tracing.js';

export interface TraceLogFields {
  trace_id?: string;
  span_id?: string;
}

const NONE: TraceLogFields = Object.freeze({});

/**
 * The active span's ids for a log line (a pino `mixin`), so a line leads to its trace and back. Empty when tracing
 * is off or no span is active.
 */
export function traceLogFields(): TraceLogFields {
  if (!tracingEnabled()) return NONE;
  const span = trace.getActiveSpan()?.spanContext();
  if (span === undefined || !isSpanContextValid(span)) return NONE;
  return { trace_id: span.traceId, span_id: span.spanId };
}
