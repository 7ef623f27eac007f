import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
