import { randomUUID } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { RunningGateway } from '../src/gateway.server.js';
import { mutationRuns, startOrgsSubgraph, startTestGateway } from './support/test-gateway.js';
import { startTestIdentity, type TestIdentity } from './support/test-identity.js';
import type { TestSubgraph } from './support/test-subgraph.js';

vi.mock(
  'graphql',
  async () => (await import('node:module')).createRequire(import.meta.url)('graphql') as object,
);

let orgs: TestSubgraph;
let identity: TestIdentity;
let gateway: RunningGateway;

beforeAll(async () => {
  identity = await startTestIdentity();
  orgs = await startOrgsSubgraph();
  gateway = await startTestGateway([orgs], identity);
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orgs?.close(), identity?.close()]);
});

const getUrl = (query: string) => `${gateway.url}?query=${encodeURIComponent(query)}`;

async function errorText(response: Response): Promise<string> {
  const body = (await response.json()) as { errors?: { message: string }[] };
  return (body.errors ?? []).map((e) => e.message).join(' | ');
}

describe('no mutation without the CSRF rules', () => {
  it('refuses a mutation over GET with 405, without running it', async () => {
    const before = mutationRuns.bump;
    const response = await fetch(getUrl('mutation { bump }'), {
      headers: { 'apollo-require-preflight': 'true' },
    });

    expect(response.status).toBe(405);
    expect(mutationRuns.bump).toBe(before);
  });

  it('refuses a mutation over GET with Accept: text/event-stream with 405, without running it', async () => {
    const before = mutationRuns.bump;
    const response = await fetch(getUrl('mutation { bump }'), {
      headers: { accept: 'text/event-stream', 'apollo-require-preflight': 'true' },
    });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await errorText(response)).toBe('Mutations cannot be sent with GET; use POST.');
    expect(mutationRuns.bump).toBe(before);
  });

  it('refuses an SSE GET without a preflight-forcing header as a potential CSRF (what EventSource sends)', async () => {
    const before = mutationRuns.bump;
    for (const query of [
      'mutation { bump }',
      '{ organizations { id } }',
      'subscription { ticks(every: 10) }',
    ]) {
      const response = await fetch(getUrl(query), { headers: { accept: 'text/event-stream' } });

      expect(response.status).toBe(400);
      expect(await errorText(response)).toContain('Cross-Site Request Forgery');
    }
    expect(mutationRuns.bump).toBe(before);
  });

  it('refuses an SSE POST with a form or text content type as a potential CSRF', async () => {
    const before = mutationRuns.bump;
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': contentType },
        body: JSON.stringify({ query: 'mutation { bump }' }),
      });

      expect(response.status).toBe(400);
      expect(await errorText(response)).toContain('Cross-Site Request Forgery');
    }
    expect(mutationRuns.bump).toBe(before);
  });

  it('still runs a mutation POSTed as JSON over SSE and a query over SSE GET with the preflight header', async () => {
    const before = mutationRuns.bump;
    const mutation = await fetch(gateway.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { bump }' }),
    });
    const query = await fetch(getUrl('{ organizations { id } }'), {
      headers: { accept: 'text/event-stream', 'apollo-require-preflight': 'true' },
    });

    expect(await mutation.text()).toBe(
      `event: next\ndata: {"data":{"bump":${before + 1}}}\n\nevent: complete\ndata:\n\n`,
    );
    expect(await query.text()).toContain('{"data":{"organizations":[{"id":"o1"},{"id":"o2"}]}}');
  });
});

describe('body size and introspection limits', () => {
  it('passes a 1 MiB string variable (a full-size kubeconfig) on to the subgraph', async () => {
    const text = `# ${'x\n'.repeat(512 * 1024 - 1)}`;
    expect(Buffer.byteLength(text)).toBe(1024 * 1024);
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($t: String!) { length(text: $t) }', variables: { t: text } }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { length: 1024 * 1024 } });
  });

  it('still refuses a body over its own (bounded) limit with 413', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ organizations { id } }', pad: 'x'.repeat(2 * 1024 * 1024) }),
    });

    expect(response.status).toBe(413);
  });

  it('counts aliases inside __schema: 60 of them are refused, over HTTP and SSE', async () => {
    const aliased = Array.from({ length: 60 }, (_v, i) => `t${i}: types { name }`).join(' ');
    const query = `{ __schema { ${aliased} } }`;
    const http = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const sse = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query }),
    });

    expect(http.status).toBe(400);
    expect(await errorText(http)).toBe('Query uses 60 aliases; at most 30 are allowed.');
    expect(sse.status).toBe(400);
    expect(await errorText(sse)).toBe('Query uses 60 aliases; at most 30 are allowed.');
  });

  it('refuses introspection that multiplies lists beyond the introspection budget', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ __schema { ${Array.from(
          { length: 10 },
          (_v, i) => `t${i}: types { fields { args { type { enumValues { name } } } } }`,
        ).join(' ')} } }`,
      }),
    });

    expect(response.status).toBe(400);
    expect(await errorText(response)).toMatch(
      /^Introspection cost \d+ exceeds the maximum introspection cost of 100000\.$/,
    );
  });

  it('serves the full GraphiQL introspection query by default', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: true }) }),
    });

    expect(response.status).toBe(200);
    expect(((await response.json()) as { data?: unknown }).data).toHaveProperty('__schema.queryType');
  });

  it('refuses introspection on every transport when INTROSPECTION=false, and still answers queries', async () => {
    const closed = await startTestGateway([orgs], identity, { INTROSPECTION: 'false' });
    try {
      const query = '{ __schema { queryType { name } } }';
      const http = await fetch(closed.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const sse = await fetch(closed.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query }),
      });
      const client = createClient({ url: closed.url.replace('http:', 'ws:'), webSocketImpl: WebSocket });
      const ws = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query },
          { next: () => undefined, error: resolve, complete: () => resolve(undefined) },
        );
      });
      await client.dispose();
      const plain = await fetch(closed.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ organizations { id } }' }),
      });

      expect(http.status).toBe(400);
      expect(await errorText(http)).toMatch(/introspection/i);
      expect(sse.status).toBe(400);
      expect(await errorText(sse)).toMatch(/introspection/i);
      expect(JSON.stringify(ws)).toMatch(/introspection/i);
      expect(plain.status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});

describe('WebSocket limits equal HTTP limits', () => {
  let limited: RunningGateway;
  const wsUrl = () => limited.url.replace('http:', 'ws:');
  const members = new Map<string, string>();

  beforeAll(async () => {
    for (const name of ['ws-alice', 'ws-bob', 'ws-carol']) {
      identity.members.set(name, { userId: randomUUID(), orgId: randomUUID(), roles: ['member'] });
      members.set(name, `Bearer ${await identity.issue(name)}`);
    }
    limited = await startTestGateway([orgs], identity, {
      BODY_LIMIT_BYTES: '4096',
      MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
      MAX_SUBSCRIPTIONS_PER_CALLER: '3',
      SUBGRAPH_SUBSCRIPTION_CONNECTIONS: '5',
      // Long enough that a starved machine still reads a message sent at once before the timer fires (200 ms was not).
      WS_CONNECTION_INIT_TIMEOUT_MS: '2000',
    });
  });

  afterAll(async () => {
    await limited?.close();
  });

  function client(name: string) {
    return createClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: members.get(name) ?? '' },
      retryAttempts: 0,
    });
  }

  /** Opens `subscription { ticks }`: resolves 'open' at its first event, or with the error it was refused with. */
  function tick(c: ReturnType<typeof createClient>): { outcome: Promise<unknown>; stop: () => void } {
    let stop: () => void = () => undefined;
    const outcome = new Promise<unknown>((resolve) => {
      stop = c.subscribe(
        { query: 'subscription { ticks(every: 20) }' },
        { next: () => resolve('open'), error: resolve, complete: () => resolve('complete') },
      );
    });
    return { outcome, stop };
  }

  function rawSocket(): Promise<WebSocket> {
    const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  const closeCode = (socket: WebSocket) =>
    new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

  it('closes a socket whose message exceeds the HTTP body limit (1009), as HTTP answers 413', async () => {
    const query = `subscription { ticks(every: 20) } # ${'x'.repeat(5000)}`;
    const socket = await rawSocket();
    const closed = closeCode(socket);
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: members.get('ws-carol') } }),
    );
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    const http = await fetch(limited.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });

    expect(await closed).toBe(1009);
    expect(http.status).toBe(413);
  });

  it('closes a socket that never sends connection_init after the timeout (4408)', async () => {
    const socket = await rawSocket();

    expect(await closeCode(socket)).toBe(4408);
  });

  it('caps subscriptions per socket and per caller with a clear error, and frees a slot when one ends', async () => {
    // Slots of earlier tests are given back when their upstream connections close.
    await waitFor(() => orgs.openSockets() === 0);
    const first = client('ws-alice');
    const second = client('ws-alice');
    const a1 = tick(first);
    const a2 = tick(first);
    expect(await a1.outcome).toBe('open');
    expect(await a2.outcome).toBe('open');

    const a3 = tick(first);
    expect(await a3.outcome).toEqual([
      expect.objectContaining({
        message: 'Too many subscriptions on this connection: at most 2 may be open at once.',
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
      }),
    ]);
    const a4 = tick(second);
    expect(await a4.outcome).toBe('open');
    const a5 = tick(second);
    expect(await a5.outcome).toEqual([
      expect.objectContaining({
        message: 'Too many open subscriptions: at most 3 per caller may be open at once.',
      }),
    ]);
    const overSse = await fetch(limited.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: members.get('ws-alice') ?? '',
      },
      body: JSON.stringify({ query: 'subscription { ticks(every: 20) }' }),
    });
    expect(overSse.status).toBe(429);
    expect(await errorText(overSse)).toBe(
      'Too many open subscriptions: at most 3 per caller may be open at once.',
    );

    a1.stop();
    await waitFor(async () => (await tick(second).outcome) === 'open');
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('caps upstream subscription connections per subgraph, across callers', async () => {
    // Slots of earlier tests are given back when their upstream connections close.
    await waitFor(() => orgs.openSockets() === 0);
    const bob = client('ws-bob');
    const carol = client('ws-carol');
    const alice = client('ws-alice');
    const open = [tick(bob), tick(bob), tick(carol), tick(carol), tick(alice)];
    for (const s of open) expect(await s.outcome).toBe('open');

    const refused = tick(alice);
    expect(await refused.outcome).toEqual([
      expect.objectContaining({
        message: 'The orgs service has too many open subscriptions (5); try again later.',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      }),
    ]);
    expect(orgs.openSockets()).toBeLessThanOrEqual(5);
    await Promise.all([bob.dispose(), carol.dispose(), alice.dispose()]);
  });
});

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
