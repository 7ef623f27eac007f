import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemEvent } from '@meshplane/contracts';
import { connectMessaging, Publisher } from '@meshplane/messaging';
import { waitFor } from '@meshplane/testing';
import { graphql } from './harness/graphql-client.js';
import { SseSubscription, WsSubscription } from './harness/subscriptions.js';
import { startSystemUnderTest, type SystemUnderTest } from './harness/system-under-test.js';

const SERVICES = ['providers', 'meshsyncIngest', 'adaptersBroker', 'perf', 'patterns', 'conformance'];
const STATUS_QUERY = `{ ${SERVICES.map((s) => `${s}Status { service version instance ready checks { name ok } }`).join(' ')} }`;
const NOTICES = `subscription($filter: SystemEventFilter) { systemEvents(filter: $filter) { id service kind severity message } }`;

interface Status {
  service: string;
  instance: string;
  ready: boolean;
  checks: { name: string; ok: boolean }[];
}
interface Notice {
  systemEvents: { id: string; service: string; kind: string; message: string };
}

describe('the system started as the README does', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    system = await startSystemUnderTest();
  });

  afterAll(async () => {
    if (!system) return;
    const exit = await system.stop();
    expect(exit.code).toBe(0);
  });

  it('answers one request that reaches every subgraph, each ready with Postgres and NATS', async () => {
    const res = await graphql<Record<string, Status>>(system.gatewayUrl, STATUS_QUERY);
    expect(res.errors).toBeUndefined();
    for (const field of SERVICES) {
      const status = res.data?.[`${field}Status`];
      expect(status?.ready, `${field} ready`).toBe(true);
      expect(status?.checks.map((c) => c.name).sort()).toEqual(['nats', 'postgres']);
    }
    expect(new Set(SERVICES.map((f) => res.data?.[`${f}Status`]?.service)).size).toBe(6);
  });

  it('delivers a notice that crossed JetStream to graphql-ws and SSE subscribers on the public endpoint', async () => {
    const message = `e2e notice ${randomUUID()}`;
    const variables = { filter: { kinds: ['NOTICE'] } };
    const ws = new WsSubscription<Notice>(system.gatewayUrl, NOTICES, variables);
    const sse = new SseSubscription<Notice>(system.gatewayUrl, NOTICES, variables);
    try {
      await ws.connected();
      // The subscription is forwarded upstream asynchronously; keep announcing until both have seen one.
      await waitFor(
        async () => {
          const res = await graphql(
            system.gatewayUrl,
            'mutation($m: String!) { announce(input: { message: $m }) { id } }',
            {
              m: message,
            },
          );
          expect(res.errors).toBeUndefined();
          return (
            ws.received.some((n) => n.systemEvents.message === message) &&
            sse.received.some((n) => n.systemEvents.message === message)
          );
        },
        { timeoutMs: 30_000, intervalMs: 1_000, description: 'notice delivered over graphql-ws and SSE' },
      );
      const seen = ws.received.find((n) => n.systemEvents.message === message);
      expect(seen?.systemEvents).toMatchObject({ service: 'providers', kind: 'NOTICE' });
      expect(ws.errors).toEqual([]);
    } finally {
      await ws.close();
      sse.close();
    }
  });

  it('restarts a SIGKILLed service and loses no event published while it was down', async () => {
    const before = await system.state();
    const victimPid = before.services['providers']?.pid;
    if (!victimPid) throw new Error('run state names no pid for providers');
    process.kill(victimPid, 'SIGKILL');

    const messaging = await connectMessaging({ url: system.natsUrl, name: 'e2e-publisher' });
    const notice = {
      id: randomUUID(),
      service: 'e2e',
      instance: 'e2e-test',
      kind: 'notice' as const,
      severity: 'warning' as const,
      message: 'published while providers was down',
      at: new Date().toISOString(),
    };
    try {
      await new Publisher(messaging).publish(systemEvent, notice);
    } finally {
      await messaging.close();
    }

    await waitFor(
      async () => {
        const state = await system.state();
        return state.services['providers']?.pid !== victimPid;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: 'providers restarted by the run command' },
    );
    await waitFor(
      async () => {
        const res = await graphql<{ providersStatus: Status }>(
          system.gatewayUrl,
          '{ providersStatus { ready } }',
        );
        return res.data?.providersStatus?.ready === true;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'providers ready again through the gateway' },
    );
    await waitFor(
      async () => {
        const res = await graphql<{ systemEvents: { edges: { node: { id: string; message: string } }[] } }>(
          system.gatewayUrl,
          '{ systemEvents(first: 50, filter: { services: ["e2e"] }) { edges { node { id message } } } }',
        );
        return res.data?.systemEvents.edges.some((e) => e.node.id === notice.id) ?? false;
      },
      {
        timeoutMs: 30_000,
        intervalMs: 500,
        description: 'the event published during the outage is in the log',
      },
    );
  });
});
