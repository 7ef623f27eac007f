import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeModule } from '../../runtime.module.js';
import { createServiceIdentity } from '../../service-identity.js';
import { ReadinessRegistry } from '../readiness.registry.js';
import { ShutdownState } from '../shutdown.state.js';

describe('HealthController over HTTP', () => {
  const identity = createServiceIdentity('health-test', '0.0.0');
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RuntimeModule.forRoot({ identity, logLevel: 'silent' })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    const readiness = app.get(ReadinessRegistry);
    readiness.register('postgres', () => Promise.resolve());
    readiness.register('nats', () => Promise.reject(new Error('nats is down')));
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers /healthz with 200 and the identity even though a dependency is down', async () => {
    const response = await fetch(`${baseUrl}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      service: 'health-test',
      instance: identity.instance,
    });
  });

  it('answers /readyz with 503 naming the failing check', async () => {
    const response = await fetch(`${baseUrl}/readyz`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unready',
      stopping: false,
      checks: {
        postgres: { ok: true, ms: expect.any(Number) },
        nats: { ok: false, error: 'nats is down', ms: expect.any(Number) },
      },
    });
  });

  it('serves Prometheus text on /metrics', async () => {
    const response = await fetch(`${baseUrl}/metrics`);
    const body = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(body).toMatch(/^# HELP meshplane_process_cpu_user_seconds_total /m);
    expect(body).toMatch(/^meshplane_process_cpu_user_seconds_total\{service="health-test"\} \d/m);
  });

  it('answers /readyz with 503 and stopping=true once shutdown has begun, even with every check passing', async () => {
    app.get(ReadinessRegistry).register('nats', () => Promise.resolve());
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);

    app.get(ShutdownState).beforeApplicationShutdown();
    const response = await fetch(`${baseUrl}/readyz`);

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unready', stopping: true });
  });
});
