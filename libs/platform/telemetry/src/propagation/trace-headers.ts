import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { tracingEnabled } from '../tracing/tracing.js';

/** The W3C trace-context headers (`traceparent`, `tracestate`) of the active span; none when tracing is off. */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (tracingEnabled()) propagation.inject(from, carrier);
  return carrier;
}

/** The remote context a request or message carries in its W3C trace-context headers. */
export function contextFromHeaders(header: (name: string) => string | undefined): Context {
  if (!tracingEnabled()) return ROOT_CONTEXT;
  return propagation.extract(
    ROOT_CONTEXT,
    {},
    {
      keys: () => ['traceparent', 'tracestate'],
      get: (_carrier, key) => header(key),
    },
  );
}
