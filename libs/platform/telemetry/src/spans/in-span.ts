import {
  context,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanKind,
} from '@opentelemetry/api';
import { tracingEnabled } from '../tracing/tracing.js';

/** The tracer of Meshplane's own spans (Apollo's gateway spans come from its own tracer, `apollo/gateway-js`). */
export const MESHPLANE_TRACER = '@meshplane/telemetry';

export interface SpanSpec {
  name: string;
  kind: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** The parent; the active context when omitted. */
  parent?: Context;
}

/**
 * Runs `work` inside a new span made active for it (so what it starts becomes its children), ends the span when
 * `work` settles and marks it failed when `work` throws. With tracing off it only runs `work`: the span's description
 * is a function so that nothing of it is even computed then.
 */
export function inSpan<T>(
  describe: () => SpanSpec,
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return work(undefined);
  const spec = describe();
  const options = { kind: spec.kind, attributes: spec.attributes, links: spec.links };
  return trace
    .getTracer(MESHPLANE_TRACER)
    .startActiveSpan(spec.name, options, spec.parent ?? context.active(), async (span) => {
      try {
        return await work(span);
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
}

export function markFailed(span: Span, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  span.recordException(failure);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
}
