import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@meshplane/config';
import { decodePayload, systemEvent, systemStream, type SystemEvent } from '@meshplane/contracts';
import { getFreePort } from '@meshplane/local-infra';
import { connectMessaging, type MessagingClient } from '@meshplane/messaging';
import { createServiceIdentity } from '@meshplane/runtime';
import { freshDatabase, startTestNats, type NatsServer } from '@meshplane/testing';
import { backendConfigSchema } from '../backend-service.definition.js';
import { BackendServiceModule } from '../backend-service.module.js';
import { migrateService } from '../migrations/migrate-service.js';
import { ProbeNote, probeService } from './fixtures/probe.service-definition.js';

const identity = createServiceIdentity(probeService.name, probeService.version);

async function lastSystemEvent(client: MessagingClient, kind: SystemEvent['kind']): Promise<SystemEvent> {
  const stored = await client.jsm.streams.getMessage(systemStream.name, {
    last_by_subj: `system.v1.${probeService.name}.${kind}`,
  });
  if (!stored) throw new Error(`no ${kind} event on the SYSTEM stream`);
  return decodePayload(systemEvent, stored.data);
}

describe('BackendServiceModule', () => {
  let nats: NatsServer;
  let observer: MessagingClient;
  let app: INestApplication | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    nats = await startTestNats();
    const databaseUrl = await freshDatabase('service-kit');
    expect(await migrateService(probeService, databaseUrl)).toEqual({
      applied: ['CreateProbeNotes1700000000000'],
      pending: [],
    });
    const config = loadConfig(backendConfigSchema(probeService), {
      DATABASE_URL: databaseUrl,
      NATS_URL: nats.url,
      PORT: String(await getFreePort()),
      LOG_LEVEL: 'silent',
    });
    app = await NestFactory.create(BackendServiceModule.forRoot(probeService, config, identity), {
      logger: false,
      abortOnError: false,
    });
    await app.listen(config.PORT, config.HOST);
    await app.get(DataSource).getRepository(ProbeNote).insert({ id: randomUUID(), body: 'seeded' });
    baseUrl = `http://${config.HOST}:${config.PORT}`;
    observer = await connectMessaging({ url: nats.url, name: 'service-kit-observer' });
  });

  afterAll(async () => {
    await app?.close();
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

  it("answers the <name>Status field and the feature's own fields from the migrated schema", async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ kitProbeStatus { service version instance ready checks { name ok } } probeNoteCount }',
      }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: {
        kitProbeStatus: {
          service: 'kit-probe',
          version: '1.2.3',
          instance: identity.instance,
          ready: true,
          checks: expect.arrayContaining([
            { name: 'postgres', ok: true },
            { name: 'nats', ok: true },
          ]),
        },
        probeNoteCount: 1,
      },
    });
  });

  it('announces started on system.v1.<name>.started, and stopping when the app closes', async () => {
    expect(await lastSystemEvent(observer, 'started')).toMatchObject({
      service: 'kit-probe',
      instance: identity.instance,
      kind: 'started',
      severity: 'info',
      message: 'kit-probe 1.2.3 started',
    });

    await app?.close();
    app = undefined;

    expect(await lastSystemEvent(observer, 'stopping')).toMatchObject({
      service: 'kit-probe',
      instance: identity.instance,
      kind: 'stopping',
      severity: 'info',
    });
  });
});
