import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  providersSystemLogConsumer,
  systemEvent,
  systemStream,
  type SystemEvent,
} from '@meshplane/contracts';
import { connectMessaging, Publisher, type MessagingClient } from '@meshplane/messaging';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { startTestService, type TestService } from '@meshplane/service-testing';
import { providersService } from '../../providers.service-definition.js';
import { SystemEventKind, SystemEventSeverity } from '../models/system-event.model.js';
import { SystemEventsService } from '../system-events.service.js';

function event(service: string, kind: SystemEvent['kind'], severity: SystemEvent['severity']): SystemEvent {
  return {
    id: randomUUID(),
    service,
    instance: `${service}-1`,
    kind,
    severity,
    message: `${service} ${kind} ${severity}`,
    at: new Date().toISOString(),
  };
}

const alphaStarted = event('alpha', 'started', 'info');
const alphaWarning = event('alpha', 'notice', 'warning');
const betaStopping = event('beta', 'stopping', 'info');
const betaError = event('beta', 'notice', 'error');
const testServices = { services: ['alpha', 'beta'] };

describe('the providers system event log', () => {
  let nats: NatsServer;
  let app: INestApplication;
  let service: TestService;
  let client: MessagingClient;
  let events: SystemEventsService;

  const messages = async (args: Parameters<SystemEventsService['list']>[0]) =>
    (await events.list(args, 'all')).edges.map((edge) => edge.node.message);

  beforeAll(async () => {
    nats = await startTestNats();
    service = await startTestService(providersService, {
      natsUrl: nats.url,
      label: 'providers-system-log',
      env: { PROVIDERS_KEY_SECRET: randomBytes(32).toString('base64') },
    });
    app = service.app;
    events = app.get(SystemEventsService);

    client = await connectMessaging({ url: nats.url, name: 'providers-log-test' });
    const publisher = new Publisher(client);
    expect(await publisher.publish(systemEvent, alphaStarted)).toMatchObject({ duplicate: false });
    expect(await publisher.publish(systemEvent, alphaStarted)).toMatchObject({ duplicate: true });
    await publisher.publish(systemEvent, alphaWarning);
    await publisher.publish(systemEvent, betaStopping);
    await publisher.publish(systemEvent, betaError);
    // A redelivery the stream cannot deduplicate (another message id): only the handler can keep it out.
    await client.js.publish(systemEvent.subject(alphaWarning), JSON.stringify(alphaWarning), {
      msgID: randomUUID(),
    });
    const lastSeq = (await client.jsm.streams.info(systemStream.name)).state.last_seq;
    await waitFor(
      async () => {
        const info = await client.jsm.consumers.info(systemStream.name, providersSystemLogConsumer.durable);
        return info.ack_floor.stream_seq >= lastSeq;
      },
      { description: 'the providers-system-log consumer to ack every message', timeoutMs: 15_000 },
    );
  });

  afterAll(async () => {
    await service?.close();
    await client?.close();
    await nats?.stop();
  });

  it('holds each event once, even when published twice or redelivered under another message id', async () => {
    const [{ count }] = await app
      .get(DataSource)
      .query<
        { count: number }[]
      >(`SELECT count(*)::int AS count FROM providers.system_events WHERE id = ANY($1)`, [[alphaStarted.id, alphaWarning.id, betaStopping.id, betaError.id]]);

    expect(count).toBe(4);
    expect(await messages({ first: 100, filter: testServices })).toHaveLength(4);
  });

  it('also records its own start', async () => {
    expect(await messages({ first: 10, filter: { services: ['providers'] } })).toEqual([
      `providers ${providersService.version} started`,
    ]);
  });

  it('pages newest first with hasNextPage and endCursor leading to the next page', async () => {
    const first = await events.list({ first: 3, filter: testServices }, 'all');
    const second = await events.list(
      { first: 3, after: first.pageInfo.endCursor, filter: testServices },
      'all',
    );

    expect(first.edges.map((edge) => edge.node.id)).toEqual([betaError.id, betaStopping.id, alphaWarning.id]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[2]?.cursor });
    expect(second.edges.map((edge) => edge.node.id)).toEqual([alphaStarted.id]);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges[0]?.cursor });
  });

  it('reports no next page when the page exactly fills the log', async () => {
    const page = await events.list({ first: 4, filter: testServices }, 'all');

    expect(page.edges).toHaveLength(4);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by service, kind and severity, every given criterion applying', async () => {
    expect(await messages({ first: 10, filter: { services: ['beta'] } })).toEqual([
      betaError.message,
      betaStopping.message,
    ]);
    expect(
      await messages({ first: 10, filter: { ...testServices, kinds: [SystemEventKind.NOTICE] } }),
    ).toEqual([betaError.message, alphaWarning.message]);
    expect(
      await messages({
        first: 10,
        filter: { ...testServices, severities: [SystemEventSeverity.WARNING, SystemEventSeverity.ERROR] },
      }),
    ).toEqual([betaError.message, alphaWarning.message]);
    expect(
      await messages({
        first: 10,
        filter: {
          services: ['alpha'],
          kinds: [SystemEventKind.NOTICE],
          severities: [SystemEventSeverity.ERROR],
        },
      }),
    ).toEqual([]);
  });

  it('keeps the fields of an event as published', async () => {
    const [edge] = (
      await events.list(
        { first: 1, filter: { services: ['beta'], kinds: [SystemEventKind.STOPPING] } },
        'all',
      )
    ).edges;

    expect(edge?.node).toEqual({
      ...betaStopping,
      kind: SystemEventKind.STOPPING,
      severity: SystemEventSeverity.INFO,
      at: new Date(betaStopping.at),
    });
  });

  it('shows the log to signed-in users only, and lets only a platform operator announce, never an organization owner', async () => {
    const orgId = randomUUID();
    const user = (roles: string[], platformOperator = false) => ({
      userId: randomUUID(),
      orgId,
      roles,
      ...(platformOperator ? { platformOperator } : {}),
    });
    const announce =
      'mutation { announce(input: { message: "maintenance at noon", severity: WARNING }) { message } }';

    const anonymous = await service.graphql('{ systemEvents(first: 1) { edges { node { id } } } }');
    const asAdmin = await service.graphql(announce, {}, user(['admin']));
    const asOwner = await service.graphql(announce, {}, user(['owner']));
    const asOperator = await service.graphql(announce, {}, user([], true));

    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(asAdmin.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(asOwner.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      reason: 'PLATFORM_OPERATOR_REQUIRED',
    });
    expect(asOperator.data).toEqual({ announce: { message: 'maintenance at noon' } });
  });

  it('shows service events to platform operators only, an organization owner the notices', async () => {
    const query = `{ systemEvents(first: 100, filter: { services: ["alpha", "beta"] }) { edges { node { id } } } }`;
    const idsFor = async (caller: Parameters<TestService['graphql']>[2]) =>
      (
        await service.graphql<{ systemEvents: { edges: { node: { id: string } }[] } }>(query, {}, caller)
      ).data?.systemEvents.edges.map((edge) => edge.node.id);

    const owner = await idsFor({ userId: randomUUID(), orgId: randomUUID(), roles: ['owner'] });
    const operator = await idsFor({ userId: randomUUID(), roles: [], platformOperator: true });

    expect(owner).toEqual([betaError.id, alphaWarning.id]);
    expect(operator).toEqual([betaError.id, betaStopping.id, alphaWarning.id, alphaStarted.id]);
  });
});
