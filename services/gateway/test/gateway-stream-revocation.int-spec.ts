import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { RunningGateway } from '../src/gateway.server.js';
import { startOrgsSubgraph, startTestGateway } from './support/test-gateway.js';
import { startTestIdentity, type Member, type TestIdentity } from './support/test-identity.js';
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
  // The principal cache keeps its default (30 s): the periodic check must go around it. A short interval
  // keeps the test fast; the default of 30 s bounds the same delay to one minute at most.
  gateway = await startTestGateway([orgs], identity, { SUBSCRIPTION_RECHECK_MS: '100' });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orgs?.close(), identity?.close()]);
});

const SUBSCRIPTION = 'subscription { ticks(every: 20) }';

interface Event {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

interface OpenStream {
  /** Resolves once the first event arrived (the stream is live). */
  started: Promise<void>;
  /** Every event, once the stream has ended (completed by the gateway). */
  ended: Promise<Event[]>;
  stop(): Promise<void>;
}

function overWebSocket(headers: Record<string, string>): OpenStream {
  const client = createClient({
    url: gateway.url.replace('http:', 'ws:'),
    webSocketImpl: WebSocket,
    connectionParams: headers,
    retryAttempts: 0,
  });
  let onFirst: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onFirst = resolve));
  const ended = (async () => {
    const events: Event[] = [];
    for await (const event of client.iterate({ query: SUBSCRIPTION })) {
      events.push(event as Event);
      onFirst();
    }
    return events;
  })();
  return { started, ended, stop: () => client.dispose() as Promise<void> };
}

function overSse(headers: Record<string, string>): OpenStream {
  const abort = new AbortController();
  let onFirst: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onFirst = resolve));
  const ended = (async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query: SUBSCRIPTION }),
      signal: abort.signal,
    });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no SSE body');
    let text = '';
    while (!text.includes('event: complete')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      if (text.includes('event: next')) onFirst();
    }
    expect(text).toContain('event: complete');
    return [...text.matchAll(/event: next\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1] ?? '') as Event);
  })();
  return {
    started,
    ended,
    stop: async () => {
      abort.abort();
      await ended.catch(() => undefined);
    },
  };
}

const transports = [
  ['graphql-ws', overWebSocket],
  ['SSE', overSse],
] as const;

function newMember(): { subject: string; member: Member } {
  const subject = `user-${randomUUID()}`;
  const member = { userId: randomUUID(), orgId: randomUUID(), roles: ['member'] };
  identity.members.set(subject, member);
  return { subject, member };
}

async function lastEventAfter(stream: OpenStream, change: () => void): Promise<Event> {
  await stream.started;
  change();
  const events = await stream.ended;
  expect(events.slice(0, -1).every((e) => e.errors === undefined)).toBe(true);
  return events.at(-1) ?? {};
}

describe.each(transports)('a subscription over %s ends when the right to it ends', (_name, open) => {
  it('ends with UNAUTHENTICATED "credential revoked" after logout (its token revoked), while another caller’s stream goes on', async () => {
    const alice = newMember();
    const bob = newMember();
    const tokenId = randomUUID();
    const aliceToken = await identity.issue(alice.subject, { tokenId });
    const bobStream = open({ authorization: `Bearer ${await identity.issue(bob.subject)}` });
    await bobStream.started;

    const last = await lastEventAfter(open({ authorization: `Bearer ${aliceToken}` }), () =>
      identity.revoked.add(tokenId),
    );

    expect(last.errors).toEqual([
      {
        message: 'Subscription ended: credential revoked (The token has been revoked.)',
        extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' },
      },
    ]);
    const bobCheck = open({ authorization: `Bearer ${await identity.issue(bob.subject)}` });
    await bobCheck.started;
    await bobCheck.stop();
    await bobStream.stop();
    await waitFor(() => orgs.openSockets() === 0);
  });

  it('ends with UNAUTHENTICATED when the API token it was opened with is revoked', async () => {
    const { member } = newMember();
    const token = `mp_${randomUUID().replace(/-/g, '').slice(0, 16)}_${'B'.repeat(43)}`;
    identity.apiTokens.set(token, member);

    const last = await lastEventAfter(open({ authorization: `Bearer ${token}` }), () =>
      identity.apiTokens.delete(token),
    );

    expect(last.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Subscription ended: credential revoked/),
      extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_UNKNOWN' },
    });
  });

  it('ends with FORBIDDEN "membership ended" when the member is removed from the organization asked for', async () => {
    const { subject, member } = newMember();
    const token = await identity.issue(subject);

    const last = await lastEventAfter(
      open({ authorization: `Bearer ${token}`, 'x-meshplane-org': member.orgId }),
      () => identity.members.set(subject, { ...member, orgId: randomUUID() }),
    );

    expect(last.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Subscription ended: membership ended/),
      extensions: { code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' },
    });
  });

  it('ends with FORBIDDEN "membership ended" when the default organization it ran in is no longer the member’s', async () => {
    const { subject, member } = newMember();
    const token = await identity.issue(subject);

    const last = await lastEventAfter(open({ authorization: `Bearer ${token}` }), () =>
      identity.members.set(subject, { ...member, orgId: randomUUID() }),
    );

    expect(last.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Subscription ended: membership ended/),
      extensions: { code: 'FORBIDDEN', reason: 'MEMBERSHIP_ENDED' },
    });
  });

  it('ends with FORBIDDEN when a role it was opened with is taken away', async () => {
    const { subject, member } = newMember();
    const token = await identity.issue(subject);

    const last = await lastEventAfter(open({ authorization: `Bearer ${token}` }), () =>
      identity.members.set(subject, { ...member, roles: ['viewer'] }),
    );

    expect(last.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'ROLE_CHANGED' });
  });

  it('ends with UNAUTHENTICATED when its token expires', async () => {
    const { subject } = newMember();
    const token = await identity.issue(subject, { ttlSeconds: 2 });
    const stream = open({ authorization: `Bearer ${token}` });

    const events = await stream.ended;

    expect(events.at(-1)?.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_EXPIRED',
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
