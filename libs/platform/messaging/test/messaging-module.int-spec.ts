import {
  deadLetterStream,
  systemEvent,
  systemStream,
  providersSystemLogConsumer,
} from '@meshplane/contracts';
import { ReadinessRegistry } from '@meshplane/runtime';
// Test-only dependency on the testing lib; the root ESLint boundaries don't yet exempt test files (see report).
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, MessagingClient, MessagingModule, Publisher } from '../src/index.js';
import { deferred } from './test-contracts.js';

/** Stands in for the global RuntimeModule that provides the registry in real services. */
@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class TestRuntimeModule {}

let server: NatsServer;
let app: INestApplicationContext;

beforeAll(async () => {
  server = await startTestNats();
  const moduleRef = await Test.createTestingModule({
    imports: [
      TestRuntimeModule,
      MessagingModule.forRoot({
        url: server.url,
        name: 'module-int',
        streams: [systemStream, deadLetterStream],
        consumers: [providersSystemLogConsumer],
      }),
    ],
  }).compile();
  app = await moduleRef.init();
});

afterAll(async () => {
  await server?.stop();
});

describe('MessagingModule', () => {
  it('declares the topology on init and reports nats ready', async () => {
    const client = app.get(MessagingClient);
    expect((await client.jsm.streams.info('SYSTEM')).config.subjects).toEqual(['system.v1.>']);
    expect((await client.jsm.consumers.info('SYSTEM', 'providers-system-log')).config.max_deliver).toBe(6);
    const report = await app.get(ReadinessRegistry).report();
    expect(report.checks['nats']).toMatchObject({ ok: true });
  });

  it('on shutdown lets in-flight handlers finish before draining the connection', async () => {
    const client = app.get(MessagingClient);
    const entered = deferred();
    const order: string[] = [];
    consume(client, providersSystemLogConsumer, systemEvent, async () => {
      entered.resolve();
      await new Promise((r) => setTimeout(r, 400));
      order.push('handler finished');
    });
    await app.get(Publisher).publish(systemEvent, {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      service: 'providers',
      instance: 'pod-1',
      kind: 'started',
      severity: 'info',
      message: 'up',
      at: new Date().toISOString(),
    });
    await entered.promise;
    await app.close();
    order.push('closed');

    expect(order).toEqual(['handler finished', 'closed']);
    expect(client.isClosed()).toBe(true);
    const report = await app.get(ReadinessRegistry).report();
    expect(report.checks['nats']).toMatchObject({ ok: false, error: 'NATS connection is closed' });
  });
});
