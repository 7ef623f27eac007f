import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Link,
} from '@opentelemetry/api';
import { tracingEnabled } from '../tracing/tracing.js';
import { MESHPLANE_TRACER } from '../spans/in-span.js';

export interface IncomingRequestTracing {
  /**
   * Continue the trace the caller sends in `traceparent` (inside the system: subgraphs behind the gateway). At the
   * public edge a client must not choose our trace ids or force sampling: its trace is only linked, a new one starts.
   */
  trustRemoteParent: boolean;
  /** Paths named in the span (others are named by their method only, so a scan cannot explode span names). */
  routes: readonly string[];
  /** Paths that get no span at all (probes, metrics scrapes). */
  ignorePaths: readonly string[];
}

export type RequestMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * One SERVER span per HTTP request, active while the request is handled, ended when the response is finished or
 * the connection closed. Usable as an Express middleware or around a plain node:http handler. With tracing off it
 * only calls `next`.
 */
export function traceIncomingRequests(options: IncomingRequestTracing): RequestMiddleware {
  const routes = new Set(options.routes);
  const ignored = new Set(options.ignorePaths);
  return (req, res, next) => {
    if (!tracingEnabled()) return next();
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (ignored.has(path)) return next();
    const method = req.method ?? 'GET';
    const route = routes.has(path) ? path : undefined;
    const remote = propagation.extract(ROOT_CONTEXT, req.headers);
    const remoteSpan = trace.getSpanContext(remote);
    const parent = options.trustRemoteParent ? remote : ROOT_CONTEXT;
    const links: Link[] =
      !options.trustRemoteParent && remoteSpan !== undefined && isSpanContextValid(remoteSpan)
        ? [{ context: remoteSpan }]
        : [];
    const span = trace.getTracer(MESHPLANE_TRACER).startSpan(
      route === undefined ? method : `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        links,
        attributes: {
          'http.request.method': method,
          'url.path': path,
          ...(route === undefined ? {} : { 'http.route': route }),
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!res.writableFinished) span.setAttribute('meshplane.connection_closed_early', true);
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    // Body parsers and response hooks run from the request's and response's events: bound, they see the span too.
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  };
}
