import { shutdownTracing, startTracing } from '@meshplane/telemetry';
import { guardLoopbackOnly, startOtlpReceiver, type OtlpReceiver } from '@meshplane/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningGateway } from '../src/gateway.server.js';
import { startOrgsSubgraph, startRunsSubgraph, startTestGateway } from './support/test-gateway.js';
import { startTestIdentity, type TestIdentity } from './support/test-identity.js';
import type { TestSubgraph } from './support/test-subgraph.js';

vi.mock(
  'graphql',
  async () => (await import('node:module')).createRequire(import.meta.url)('graphql') as object,
);

const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_TRACEPARENT = `00-${CLIENT_TRACE}-b7ad6b7169203331-01`;

const refused: string[] = [];
let restore: (() => void) | undefined;
let receiver: OtlpReceiver;
let orgs: TestSubgraph;
let runs: TestSubgraph;
let identity: TestIdentity;
let gateway: RunningGateway;

beforeAll(async () => {
  restore = guardLoopbackOnly((host) => refused.push(host));
  receiver = await startOtlpReceiver();
  // As main.ts does: tracing starts before the gateway exists.
  await startTracing(receiver.tracingSettings('gateway'));
  identity = await startTestIdentity();
  orgs = await startOrgsSubgraph();
  runs = await startRunsSubgraph();
  gateway = await startTestGateway([orgs, runs], identity);
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orgs?.close(), runs?.close(), identity?.close()]);
  await shutdownTracing();
  await receiver?.close();
  restore?.();
});

describe('gateway traces (tracing on)', () => {
  it('traces a request from its SERVER span through Apollo’s planning to each subgraph, which continues the trace', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: CLIENT_TRACEPARENT },
      body: JSON.stringify({ query: 'query Federated { organizations { id runCount } }' }),
    });
    expect(response.status).toBe(200);

    const spans = await receiver.waitForSpans(
      (all) => all.some((s) => s.name === 'POST /graphql'),
      'the request span',
    );
    const [request] = spans.filter((s) => s.name === 'POST /graphql');
    // A new trace at the public edge: the client's is only linked.
    expect(request).toMatchObject({
      kind: 2,
      links: [{ traceId: CLIENT_TRACE, spanId: 'b7ad6b7169203331' }],
    });
    expect(request?.parentSpanId).toBeUndefined();
    expect(request?.traceId).not.toBe(CLIENT_TRACE);
    const trace = spans.filter((s) => s.traceId === request?.traceId);
    const apollo = trace.filter((s) => s.scope === 'apollo/gateway-js').map((s) => s.name);
    expect(apollo).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute']));
    const fetches = trace.filter((s) => s.name === 'gateway.fetch');
    const calls = trace.filter((s) => s.name === 'POST' && s.kind === 3);
    expect(fetches.map((s) => s.attributes['service']).sort()).toEqual(['orgs', 'runs']);
    expect(calls.map((s) => s.parentSpanId).sort()).toEqual(fetches.map((s) => s.spanId).sort());

    // Each subgraph received the context of the call that reached it, never the client's own.
    const sent = [...orgs.receivedHeaders, ...runs.receivedHeaders].map((h) => h.traceparent);
    expect(sent.sort()).toEqual(calls.map((s) => `00-${s.traceId}-${s.spanId}-01`).sort());
    expect(sent.join()).not.toContain(CLIENT_TRACE);
    expect(refused).toEqual([]);
  });

  it('gives probes and metrics scrapes no span', async () => {
    const base = new URL(gateway.url);
    await fetch(new URL('/healthz', base));
    await fetch(new URL('/metrics', base));
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ runsHealthy }' }),
    });
    expect(response.status).toBe(200);
    const spans = await receiver.waitForSpans(
      (all) => all.filter((s) => s.name === 'POST /graphql').length === 2,
      'the second request span',
    );
    expect(spans.filter((s) => s.kind === 2).map((s) => s.name)).toEqual(['POST /graphql', 'POST /graphql']);
  });
});
