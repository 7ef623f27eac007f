import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { getFreePort, startEmbeddedPostgres } from '@meshplane/local-infra';
import { ReadinessRegistry } from '@meshplane/runtime';

import { freshDatabase } from '@meshplane/testing';
import { DatabaseModule, type ServiceDataSourceOptions } from '../index.js';
import { Widget } from './fixtures/widget.entity.js';

// Stands in for the global RuntimeModule of a real service.
@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessModule {}

function createApp(options: Omit<ServiceDataSourceOptions, 'entities' | 'migrations' | 'applicationName'>) {
  @Module({
    imports: [
      ReadinessModule,
      DatabaseModule.forRoot({
        ...options,
        entities: [Widget],
        migrations: [],
        applicationName: 'meshplane-test',
      }),
    ],
  })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

describe('DatabaseModule', () => {
  let app: INestApplicationContext | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('provides a connected DataSource for the service schema and destroys it on shutdown', async () => {
    app = await createApp({ url: await freshDatabase('module'), schema: 'inventory' });
    const dataSource = app.get(DataSource);

    expect(dataSource.isInitialized).toBe(true);
    expect(dataSource.getMetadata(Widget).tablePath).toBe('inventory.widget');
    const [{ application_name }] = await dataSource.query('SELECT current_setting($1) AS application_name', [
      'application_name',
    ]);
    expect(application_name).toBe('meshplane-test');

    await app.close();
    app = undefined;
    expect(dataSource.isInitialized).toBe(false);
  });

  it('reports ready while Postgres answers and unready once it is unreachable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshplane-db-readiness-'));
    await chmod(dir, 0o755);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), persistent: false });
    cleanups.push(() => postgres.stop());
    // 10 s: the first connection to a Postgres just started once took over 1 s on a starved machine. Once it is
    // stopped, connecting is refused at once, so the unready report does not wait for this.
    app = await createApp({ url: postgres.url, schema: 'inventory', connectTimeoutMs: 10_000 });
    const readiness = app.get(ReadinessRegistry);

    expect((await readiness.report()).checks['postgres']).toMatchObject({ ok: true });

    await postgres.stop();
    const report = await readiness.report();
    expect(report.ready).toBe(false);
    expect(report.checks['postgres']).toMatchObject({ ok: false, error: expect.any(String) });
  });

  it('fails start-up naming the unreachable host and database, never the password', async () => {
    const port = await getFreePort();
    const url = `postgres://meshplane:do-not-print-me@127.0.0.1:${port}/inventory_db`;

    const failure = await createApp({ url, schema: 'inventory', connectTimeoutMs: 1_000 }).then(
      () => new Error('start-up unexpectedly succeeded'),
      (error: unknown) => error as Error,
    );

    expect(failure.message).toContain(
      `Cannot connect to Postgres at meshplane@127.0.0.1:${port}/inventory_db`,
    );
    expect(failure.message).not.toContain('do-not-print-me');
  });
});
