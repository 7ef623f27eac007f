import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { RunningGateway } from '../src/gateway.server.js';
import { verifyInternalContext } from '@meshplane/auth';
import { startOrgsSubgraph, startRunsSubgraph, startTestGateway } from './support/test-gateway.js';
import { startTestIdentity, TEST_CONTEXT_SECRET, type TestIdentity } from './support/test-identity.js';
import type { TestSubgraph } from './support/test-subgraph.js';

// Vite resolves `graphql` to its ESM build while Apollo's CommonJS packages load the CJS one; two copies
// of graphql-js refuse each other's schemas. Node itself always loads the CJS build, so tests do the same.
vi.mock(
  'graphql',
  async () => (await import('node:module')).createRequire(import.meta.url)('graphql') as object,
);

let orgs: TestSubgraph;
let runs: TestSubgraph;
let gateway: RunningGateway;
let identity: TestIdentity;
const member = {
  userId: '7f0c7a34-5b1e-4c61-9d0e-1a3e2b4c5d6e',
  orgId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
  roles: ['member'],
};

beforeAll(async () => {
  identity = await startTestIdentity();
  identity.members.set('alice', member);
  orgs = await startOrgsSubgraph();
  runs = await startRunsSubgraph();
  gateway = await startTestGateway([orgs, runs], identity);
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orgs?.close(), runs?.close(), identity?.close()]);
});

const callerSeenBy = (headers: Record<string, unknown> | undefined, audience = 'orgs') =>
  verifyInternalContext(headers?.['x-meshplane-context'] as string, TEST_CONTEXT_SECRET, { audience });

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const postQuery = (query: string, headers: Record<string, string> = {}) =>
  post(JSON.stringify({ query }), headers);

async function errorMessages(response: Response): Promise<string> {
  const body = (await response.json()) as { errors?: { message: string }[] };
  return (body.errors ?? []).map((e) => e.message).join(' | ');
}

async function expectStillAnswering(): Promise<void> {
  const response = await postQuery('{ organizations { id } }');
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { organizations: [{ id: 'o1' }, { id: 'o2' }] } });
}

describe('gateway over HTTP', () => {
  it("answers a query spanning two subgraphs, sending each the signed caller context and never the client's token", async () => {
    const response = await postQuery('{ organizations { id name runCount } }', {
      authorization: `Bearer ${await identity.issue('alice')}`,
      'x-meshplane-context': 'v1.forged.by-the-client',
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: {
        organizations: [
          { id: 'o1', name: 'Acme', runCount: 3 },
          { id: 'o2', name: 'Globex', runCount: 7 },
        ],
      },
    });
    for (const subgraph of [orgs, runs]) {
      const headers = subgraph.receivedHeaders.at(-1);
      expect(headers?.authorization).toBeUndefined();
      expect(callerSeenBy(headers, subgraph.name)).toMatchObject(member);
    }
    // Each subgraph got a context for itself only: neither can replay its own at the other.
    expect(() => callerSeenBy(orgs.receivedHeaders.at(-1), 'runs')).toThrow(/signed for another service/);
    expect(() => callerSeenBy(runs.receivedHeaders.at(-1), 'orgs')).toThrow(/signed for another service/);
  });

  it('serves queries over GET when the CSRF preflight header is present', async () => {
    const response = await fetch(`${gateway.url}?query=${encodeURIComponent('{ organizations { name } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { organizations: [{ name: 'Acme' }, { name: 'Globex' }] },
    });
  });

  const badInputs: { name: string; send: () => Promise<Response>; status: number; message: RegExp }[] = [
    {
      name: 'malformed JSON',
      send: () => post('{"query": "{ organizations { id } }"'),
      status: 400,
      message: /not valid JSON/,
    },
    {
      name: 'a batched request',
      send: () => post(JSON.stringify([{ query: '{ organizations { id } }' }, { query: '{ runsHealthy }' }])),
      status: 400,
      message: /batched requests are not supported/,
    },
    {
      name: 'a JSON body that is not a GraphQL request',
      send: () => post(JSON.stringify({ hello: 'world' })),
      status: 400,
      message: /query/,
    },
    {
      name: 'a form post (CSRF prevention)',
      send: () =>
        fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '{"query":"{ organizations { id } }"}',
        }),
      status: 400,
      message: /Cross-Site Request Forgery/,
    },
    {
      name: 'invalid UTF-8',
      send: () => post(Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d])),
      status: 400,
      message: /not valid UTF-8/,
    },
    {
      name: 'a 3 MB query',
      send: () => postQuery(`{ organizations { id } } # ${'x'.repeat(3 * 1024 * 1024)}`),
      status: 413,
      message: /larger than the limit of 2097152 bytes/,
    },
    {
      name: 'a query 50 levels deep',
      send: () => postQuery(`{ organizations { ${nested(48)} } }`),
      status: 400,
      message: /depth \d+ exceeds the maximum depth of 15/,
    },
    {
      name: '1,000 aliases',
      send: () => postQuery(`{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: runsHealthy`).join(' ')} }`),
      status: 400,
      message: /1000 aliases; at most 30/,
    },
    {
      name: 'a query over the cost limit',
      send: () => postQuery('{ items(first: 20000) { id } }'),
      status: 400,
      message: /cost 20001 exceeds the maximum cost of 10000/,
    },
    {
      name: 'a subscription over plain HTTP',
      send: () => postQuery('subscription { ticks(every: 10) }'),
      status: 400,
      message: /WebSocket .* Server-Sent Events/,
    },
    {
      name: 'a syntax error',
      send: () => postQuery('{ organizations { id '),
      status: 400,
      message: /Syntax Error/,
    },
  ];

  for (const bad of badInputs) {
    it(`refuses ${bad.name} with ${bad.status} and a clear message, then keeps answering`, async () => {
      const response = await bad.send();

      expect(response.status).toBe(bad.status);
      const text = await response.text();
      expect(text).toMatch(bad.message);
      expect(text).not.toMatch(/stacktrace|\.(?:js|ts):\d+:\d+/);
      await expectStillAnswering();
    });
  }

  it('masks an unexpected subgraph error without leaking its message or a stack trace', async () => {
    const response = await postQuery('{ boom }');

    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ errors: [{ message: 'Internal server error' }] });
    expect(text).not.toContain('db-internal');
    expect(text).not.toContain('stacktrace');
  });
});

describe('gateway subscriptions', () => {
  it('relays a subscription over graphql-ws and closes the subgraph connection when the client leaves', async () => {
    const client = createClient({
      url: gateway.url.replace('http:', 'ws:'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${await identity.issue('alice')}` },
      retryAttempts: 0,
    });
    const received: unknown[] = [];
    const iterator = client.iterate({ query: 'subscription { ticks(every: 10) }' });
    for await (const event of iterator) {
      received.push(event);
      if (received.length === 3) break;
    }

    expect(received).toEqual([{ data: { ticks: 1 } }, { data: { ticks: 2 } }, { data: { ticks: 3 } }]);
    expect(orgs.connectionParams.at(-1)?.['authorization']).toBeUndefined();
    expect(callerSeenBy(orgs.connectionParams.at(-1))).toMatchObject(member);
    await waitFor(() => orgs.openSockets() === 0);
    await client.dispose();
  });

  it('relays a subscription over SSE and closes the subgraph connection when the client leaves', async () => {
    const abort = new AbortController();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${await identity.issue('alice')}`,
      },
      body: JSON.stringify({ query: 'subscription { ticks(every: 10) }' }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no SSE body');
    let text = '';
    while ((text.match(/event: next/g) ?? []).length < 2) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    abort.abort();

    expect(text).toContain('event: next\ndata: {"data":{"ticks":1}}\n\n');
    expect(callerSeenBy(orgs.receivedHeaders.at(-1))).toMatchObject(member);
    await waitFor(() => orgs.openSockets() === 0);
  });

  it('ends an SSE stream with a complete event when the subgraph completes', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { runProgress }' }),
    });

    expect(await response.text()).toBe(
      'event: next\ndata: {"data":{"runProgress":0.5}}\n\nevent: complete\ndata:\n\n',
    );
  });

  it('refuses a subscription whose root fields belong to different subgraphs, naming them', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { ticks(every: 10) runProgress }' }),
    });

    expect(response.status).toBe(400);
    expect(await errorMessages(response)).toMatch(/ticks \(orgs\), runProgress \(runs\)/);
  });

  it('applies the alias limit to subscriptions too', async () => {
    const client = createClient({
      url: gateway.url.replace('http:', 'ws:'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const aliases = Array.from({ length: 40 }, (_, i) => `n${i}: name`).join(' ');
    const iterator = client.iterate({ query: `subscription { organizationChanged { ${aliases} } }` });

    await expect(iterator.next()).rejects.toSatisfy((errors: unknown) =>
      JSON.stringify(errors).includes('40 aliases'),
    );
    await client.dispose();
  });
});

describe('gateway pages and probes', () => {
  it('serves GraphiQL offline: the page references only its own assets, which are served', async () => {
    const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual([
      '/graphiql/graphiql.min.css',
      '/graphiql/react.production.min.js',
      '/graphiql/react-dom.production.min.js',
      '/graphiql/graphiql.min.js',
    ]);
    for (const asset of assets) {
      const response = await fetch(new URL(asset, gateway.url));
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect(html).toContain('subscriptionUrl');
  });

  it('reports liveness, readiness of every subgraph, and request metrics', async () => {
    expect((await fetch(new URL('/healthz', gateway.url))).status).toBe(200);
    const ready = await fetch(new URL('/readyz', gateway.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      subgraphs: { orgs: { ok: true }, runs: { ok: true } },
    });
    const metrics = await (await fetch(new URL('/metrics', gateway.url))).text();
    expect(metrics).toMatch(/meshplane_gateway_requests_total\{operation_type="query"\} [1-9]/);
    expect(metrics).toContain('meshplane_gateway_active_subscriptions');
  });
});

describe('gateway readiness and shutdown', () => {
  it('is not ready while a subgraph is down, naming it', async () => {
    const down = await startRunsSubgraph();
    const other = await startTestGateway([orgs, down], identity);
    await down.close();
    try {
      const response = await fetch(new URL('/readyz', other.url));
      const report = (await response.json()) as { subgraphs: Record<string, { ok: boolean }> };

      expect(response.status).toBe(503);
      expect(report.subgraphs['runs']?.ok).toBe(false);
      expect(report.subgraphs['orgs']?.ok).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('closes open WebSocket subscriptions with 1001 on shutdown', async () => {
    const other = await startTestGateway([orgs, runs], identity);
    const socket = new WebSocket(other.url.replace('http:', 'ws:'), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    await other.close();

    expect(await closed).toBe(1001);
  });
});

/** `parent { parent { … id } }`, `levels` fields deep. */
function nested(levels: number): string {
  return levels === 0 ? 'id' : `parent { ${nested(levels - 1)} }`;
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
