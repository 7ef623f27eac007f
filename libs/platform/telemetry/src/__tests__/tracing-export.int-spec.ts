import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardLoopbackOnly, startOtlpReceiver, type OtlpReceiver } from '@meshplane/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contextFromHeaders,
  inSpan,
  shutdownTracing,
  SpanKind,
  startTracing,
  traceHeaders,
  traceIncomingRequests,
  traceLogFields,
  tracingEnabled,
  type TraceLogFields,
} from '../index.js';

const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_TRACEPARENT = `00-${CLIENT_TRACE}-b7ad6b7169203331-01`;

const refused: string[] = [];
let restore: () => void;
let receiver: OtlpReceiver;

beforeAll(async () => {
  restore = guardLoopbackOnly((host) => refused.push(host));
  receiver = await startOtlpReceiver();
});

afterAll(async () => {
  await shutdownTracing();
  await receiver.close();
  restore();
  // Nothing beyond loopback: the SDK runs without resource detectors (no cloud metadata probes).
  expect(refused).toEqual([]);
});

/** A server whose handler answers with the log fields and outgoing trace headers it sees. */
async function startTracedServer(trustRemoteParent: boolean): Promise<Server> {
  const trace = traceIncomingRequests({ trustRemoteParent, routes: ['/graphql'], ignorePaths: ['/healthz'] });
  const server = createServer((req, res) =>
    trace(req, res, () => {
      // Read the body first: the span must still be active in the request's event callbacks.
      req.resume();
      req.on('end', () => {
        res.end(JSON.stringify({ log: traceLogFields(), outgoing: traceHeaders() }));
      });
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function post(server: Server, path: string, headers: Record<string, string> = {}) {
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers, body: 'x' });
  return (await res.json()) as { log: TraceLogFields; outgoing: Record<string, string> };
}

describe('tracing on, exporting OTLP/JSON to a loopback receiver', () => {
  beforeAll(async () => {
    await startTracing(receiver.tracingSettings('telemetry-test'));
    expect(tracingEnabled()).toBe(true);
  });

  it('exports nested spans as one trace, and carries their context across a W3C traceparent', async () => {
    const carried = await inSpan(
      () => ({ name: 'outer', kind: SpanKind.INTERNAL }),
      () =>
        inSpan(
          () => ({ name: 'send thing', kind: SpanKind.PRODUCER }),
          () => Promise.resolve(traceHeaders()),
        ),
    );
    expect(carried.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await inSpan(
      () => ({
        name: 'process thing',
        kind: SpanKind.CONSUMER,
        parent: contextFromHeaders((name) => carried[name]),
      }),
      () => Promise.resolve(),
    );
    const spans = await receiver.waitForSpans(
      (all) => all.some((s) => s.name === 'process thing'),
      'the consumer span',
    );
    const byName = new Map(spans.map((s) => [s.name, s]));
    const outer = byName.get('outer');
    const send = byName.get('send thing');
    const processed = byName.get('process thing');
    expect(send?.parentSpanId).toBe(outer?.spanId);
    expect(processed?.traceId).toBe(outer?.traceId);
    expect(processed?.parentSpanId).toBe(send?.spanId);
    expect(carried.traceparent).toBe(`00-${send?.traceId}-${send?.spanId}-01`);
    expect(processed?.service).toBe('telemetry-test');
  });

  it('marks a failed span, and rethrows', async () => {
    await expect(
      inSpan(
        () => ({ name: 'failing', kind: SpanKind.INTERNAL }),
        () => Promise.reject(new Error('boom')),
      ),
    ).rejects.toThrow('boom');
    const spans = await receiver.waitForSpans((all) => all.some((s) => s.name === 'failing'), 'the span');
    expect(spans.find((s) => s.name === 'failing')).toMatchObject({ status: { code: 2, message: 'boom' } });
  });

  it('continues a trusted caller’s trace in a SERVER span that log lines and outgoing calls see', async () => {
    const server = await startTracedServer(true);
    const seen = await post(server, '/graphql?x=1', { traceparent: CLIENT_TRACEPARENT });
    server.close();
    const spans = await receiver.waitForSpans(
      (all) => all.some((s) => s.name === 'POST /graphql' && s.traceId === CLIENT_TRACE),
      'the server span',
    );
    const span = spans.find((s) => s.name === 'POST /graphql' && s.traceId === CLIENT_TRACE);
    expect(span).toMatchObject({
      kind: 2, // SERVER
      parentSpanId: 'b7ad6b7169203331',
      attributes: { 'http.route': '/graphql', 'url.path': '/graphql', 'http.response.status_code': 200 },
    });
    expect(seen.log).toEqual({ trace_id: CLIENT_TRACE, span_id: span?.spanId });
    expect(seen.outgoing.traceparent).toBe(`00-${CLIENT_TRACE}-${span?.spanId}-01`);
  });

  it('at the public edge starts a new trace that only links the client’s, and traces no probe', async () => {
    const server = await startTracedServer(false);
    const seen = await post(server, '/graphql', { traceparent: CLIENT_TRACEPARENT });
    await post(server, '/healthz');
    await post(server, '/no-such-route');
    server.close();
    expect(seen.log.trace_id).toBeDefined();
    expect(seen.log.trace_id).not.toBe(CLIENT_TRACE);
    const spans = await receiver.waitForSpans(
      (all) => all.some((s) => s.traceId === seen.log.trace_id) && all.some((s) => s.name === 'POST'),
      'the edge spans',
    );
    const edge = spans.find((s) => s.traceId === seen.log.trace_id);
    expect(edge?.parentSpanId).toBeUndefined();
    expect(edge?.links).toEqual([{ traceId: CLIENT_TRACE, spanId: 'b7ad6b7169203331' }]);
    // An unknown path is named by its method only; a probe has no span at all.
    expect(spans.filter((s) => s.attributes['url.path'] === '/healthz')).toEqual([]);
  });
});

describe('tracing on, exporting OTLP/protobuf (the default protocol)', () => {
  it('posts protobuf to /v1/traces with the configured headers', async () => {
    await shutdownTracing();
    await startTracing({
      ...receiver.tracingSettings('telemetry-proto-test'),
      protocol: 'http/protobuf',
      headers: { 'x-api-key': 'collector-key' },
    });
    await inSpan(
      () => ({ name: 'protobuf-encoded-span', kind: SpanKind.INTERNAL }),
      () => Promise.resolve(),
    );
    await shutdownTracing();
    const request = receiver.requests.find((r) => r.contentType === 'application/x-protobuf');
    expect(request?.path).toBe('/v1/traces');
    expect(request?.headers['x-api-key']).toBe('collector-key');
    // Strings are stored as they are in protobuf: the span's and service's names show in the bytes.
    expect(request?.body.includes('protobuf-encoded-span')).toBe(true);
    expect(request?.body.includes('telemetry-proto-test')).toBe(true);
  });
});
