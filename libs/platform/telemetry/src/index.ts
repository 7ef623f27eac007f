export {
  tracingSettings,
  type OtlpProtocol,
  type TracedService,
  type TracingSettings,
} from './tracing/tracing-settings.js';
export { flushTracing, shutdownTracing, startTracing, tracingEnabled } from './tracing/tracing.js';
export { inSpan, markFailed, MESHPLANE_TRACER, type SpanSpec } from './spans/in-span.js';
export { contextFromHeaders, traceHeaders } from './propagation/trace-headers.js';
export {
  traceIncomingRequests,
  type IncomingRequestTracing,
  type RequestMiddleware,
} from './http/incoming-requests.js';
export { traceLogFields, type TraceLogFields } from './logging/trace-log-fields.js';
export { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
