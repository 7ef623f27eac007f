import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSpan, shutdownTracing, SpanKind, startTracing } from '@meshplane/telemetry';
import { freshDatabase, startOtlpReceiver, type OtlpReceiver } from '@meshplane/testing';
import { runMigrations, withTransaction } from '../index.js';
import { connectedDataSource } from './fixtures/service-data-source.fixture.js';
import { Widget } from './fixtures/widget.entity.js';

let receiver: OtlpReceiver;
let dataSource: DataSource;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // Tracing starts before the data source exists, as in a service: its pool then builds traced clients.
  await startTracing(receiver.tracingSettings('database-test'));
  dataSource = await connectedDataSource(await freshDatabase('query-spans'));
  await runMigrations(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await shutdownTracing();
  await receiver?.close();
});

describe('query spans (tracing on)', () => {
  it('traces every statement of a transaction below the active span, without literals or parameters', async () => {
    await inSpan(
      () => ({ name: 'resolver', kind: SpanKind.INTERNAL }),
      () =>
        withTransaction(dataSource, async (manager) => {
          await manager.insert(Widget, { id: '00000000-0000-4000-8000-0000000000c1', name: 'secret-name' });
          await manager.query("SELECT 'inline-secret' AS literal, $1::text AS param", ['param-secret']);
        }),
    );
    const spans = await receiver.waitForSpans(
      (all) => all.some((s) => s.name === 'resolver'),
      'the resolver’s span (it ends after its queries)',
    );
    const [resolver] = spans.filter((s) => s.name === 'resolver');
    const queries = spans.filter((s) => s.parentSpanId === resolver?.spanId);
    expect(queries.map((s) => s.name.split(' ')[0])).toEqual(['START', 'INSERT', 'SELECT', 'COMMIT']);
    for (const query of queries)
      expect(query).toMatchObject({
        kind: 3, // CLIENT
        traceId: resolver?.traceId,
        attributes: { 'db.system.name': 'postgresql', 'server.address': '127.0.0.1' },
      });
    const recorded = JSON.stringify(queries);
    expect(recorded).toContain(`SELECT '?' AS literal, $1::text AS param`);
    expect(recorded).not.toContain('inline-secret');
    expect(recorded).not.toContain('param-secret');
    expect(recorded).not.toContain('secret-name');
  });

  it('marks a failing statement', async () => {
    await expect(dataSource.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    const spans = await receiver.waitForSpans(
      (all) => all.some((s) => String(s.attributes['db.query.text']).includes('no_such_table')),
      'the failed query',
    );
    const failed = spans.find((s) => String(s.attributes['db.query.text']).includes('no_such_table'));
    expect(failed?.status.code).toBe(2);
  });
});
