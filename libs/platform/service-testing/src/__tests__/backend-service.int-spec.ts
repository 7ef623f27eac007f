import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePayload, systemEvent, systemStream, type SystemEvent } from '@meshplane/contracts';
import { processEnv } from '@meshplane/config';
import { roleUrl } from '@meshplane/database';
import { connectMessaging, type MessagingClient } from '@meshplane/messaging';
import { createServiceIdentity } from '@meshplane/runtime';
import { freshDatabase, startTestNats, type NatsServer } from '@meshplane/testing';
import {
  callerHeaders,
  serviceHeaders,
  startTestService,
  TEST_CONTEXT_SECRET,
  type TestService,
} from '../test-service.js';
import {
  BackendServiceModule,
  loadBackendConfig,
  migrateService,
  serviceRoleNames,
} from '@meshplane/service-kit';
import { ProbeNotesRepository, probeService } from './fixtures/probe.service-definition.js';

const identity = createServiceIdentity(probeService.name, probeService.version);
const orgA = randomUUID();
const orgB = randomUUID();

async function lastSystemEvent(client: MessagingClient, kind: SystemEvent['kind']): Promise<SystemEvent> {
  const stored = await client.jsm.streams.getMessage(systemStream.name, {
    last_by_subj: `system.v1.${probeService.name}.${kind}`,
  });
  if (!stored) throw new Error(`no ${kind} event on the SYSTEM stream`);
  return decodePayload(systemEvent, stored.data);
}

async function asAdmin(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Boots the probe service on `databaseUrl` directly, as a misconfigured deployment would. */
async function bootAs(databaseUrl: string, natsUrl: string): Promise<unknown> {
  const config = loadBackendConfig(probeService, {
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    LOG_LEVEL: 'silent',
    INTERNAL_CONTEXT_SECRET: TEST_CONTEXT_SECRET,
  });
  const app = await NestFactory.create(BackendServiceModule.forRoot(probeService, config, identity), {
    logger: false,
    abortOnError: false,
  });
  try {
    await app.init();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app.close().catch(() => undefined);
  }
}

describe('BackendServiceModule', () => {
  let nats: NatsServer;
  let observer: MessagingClient;
  let service: TestService | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    nats = await startTestNats();
    service = await startTestService(probeService, {
      natsUrl: nats.url,
      label: 'service-kit',
      env: { PROBE_GREETING: 'hello from the test' },
    });
    baseUrl = service.url.replace(/\/graphql$/, '');
    await asAdmin(
      service.adminUrl,
      `INSERT INTO kit_probe.probe_notes (id, org_id, body) VALUES ($1, $2, 'a1'), ($3, $2, 'a2'), ($4, $5, 'b1')`,
      [randomUUID(), orgA, randomUUID(), randomUUID(), orgB],
    );
    observer = await connectMessaging({ url: nats.url, name: 'service-kit-observer' });
  });

  afterAll(async () => {
    await service?.close();
    await observer?.close();
    await nats?.stop();
  });

  it('is ready once Postgres and NATS both answer', async () => {
    const response = await fetch(`${baseUrl}/readyz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      stopping: false,
      checks: {
        postgres: { ok: true, ms: expect.any(Number) },
        nats: { ok: true, ms: expect.any(Number) },
      },
    });
  });

  it("answers the <name>Status field and the feature's own fields, scoped to the caller's organization", async () => {
    const result = await service?.graphql(
      '{ kitProbeStatus { service version instance ready checks { name ok } } probeNoteCount }',
      {},
      { orgId: orgA, userId: randomUUID(), roles: ['viewer'] },
    );

    expect(result).toEqual({
      status: 200,
      data: {
        kitProbeStatus: {
          service: 'kit-probe',
          version: '1.2.3',
          instance: service?.identity.instance,
          ready: true,
          checks: expect.arrayContaining([
            { name: 'postgres', ok: true },
            { name: 'nats', ok: true },
          ]),
        },
        probeNoteCount: 2,
      },
    });
  });

  it("hands each feature its validated config, without touching the process's environment", async () => {
    const result = await service?.graphql('{ probeGreeting }');

    expect(result).toEqual({ status: 200, data: { probeGreeting: 'hello from the test' } });
    expect(processEnv()['PROBE_GREETING']).toBeUndefined();
  });

  it('shows another organization only its own rows, and no rows at all outside a tenant', async () => {
    const asB = await service?.graphql(
      '{ probeNoteCount }',
      {},
      { orgId: orgB, userId: randomUUID(), roles: ['viewer'] },
    );

    expect(asB?.data).toEqual({ probeNoteCount: 1 });
    expect(await service?.app.get(ProbeNotesRepository).countWithoutTenant()).toBe(0);
  });

  it('refuses an anonymous caller tenant data with UNAUTHENTICATED, and a caller without a role with FORBIDDEN', async () => {
    const anonymous = await service?.graphql('{ probeNoteCount }');
    const roleless = await service?.graphql('{ probeNoteCount }', {}, { orgId: orgA, userId: randomUUID() });

    expect(anonymous?.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(roleless?.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', permission: 'resources:read' });
    expect(roleless?.data).toBeNull();
  });

  it.each([
    ['no context header', {}],
    [
      'a forged signature',
      {
        'x-meshplane-context': `${callerHeaders(probeService.name, { orgId: orgA })['x-meshplane-context']?.slice(0, -4)}AAAA`,
      },
    ],
    ['garbage', { 'x-meshplane-context': 'not-a-context' }],
    [
      'a valid context signed for another subgraph (replayed from providers)',
      callerHeaders('providers', { orgId: orgA, userId: randomUUID(), roles: ['owner'] }),
    ],
    ['a service context (the gateway calling internal endpoints)', serviceHeaders(probeService.name)],
  ])('answers 401 and runs nothing for a request with %s', async (_label, headers) => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ kitProbeStatus { service } }' }),
    });

    expect(response.status).toBe(401);
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('announces started on system.v1.<name>.started, and stopping when the app closes', async () => {
    const instance = service?.identity.instance;
    expect(await lastSystemEvent(observer, 'started')).toMatchObject({
      service: 'kit-probe',
      instance,
      kind: 'started',
      severity: 'info',
      message: 'kit-probe 1.2.3 started',
    });

    await service?.close();
    service = undefined;

    expect(await lastSystemEvent(observer, 'stopping')).toMatchObject({
      service: 'kit-probe',
      instance,
      kind: 'stopping',
      severity: 'info',
    });
  });
});

describe('the start-up tenant isolation check', () => {
  let nats: NatsServer;

  beforeAll(async () => {
    nats = await startTestNats();
  });

  afterAll(async () => {
    await nats?.stop();
  });

  it('refuses to start a service connected as a superuser', async () => {
    const adminUrl = await freshDatabase('kit-superuser');
    await migrateService(probeService, adminUrl);

    const error = await bootAs(adminUrl, nats.url);

    expect(String(error)).toMatch(/refusing to start[\s\S]*is a superuser/);
  });

  it('refuses to start a service connected as the owner of its tenant tables', async () => {
    const adminUrl = await freshDatabase('kit-owner');
    const owner = serviceRoleNames(probeService.name, 'mp_kit_own').ownerRole;
    await asAdmin(adminUrl, `CREATE ROLE ${owner} LOGIN PASSWORD 'owner-password'`).catch(() => undefined);
    await asAdmin(adminUrl, `CREATE SCHEMA kit_probe AUTHORIZATION ${owner}`);
    const ownerUrl = roleUrl(adminUrl, owner, 'owner-password');
    await migrateService(probeService, ownerUrl);

    const error = await bootAs(ownerUrl, nats.url);

    expect(String(error)).toMatch(/refusing to start[\s\S]*can act as its owner/);
  });
});
