import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freshDatabase } from '@meshplane/testing';
import { copyFrom, transactionConnection, withTransaction } from '../index.js';
import { connectedDataSource } from './fixtures/service-data-source.fixture.js';

const STAGE = 'CREATE TEMP TABLE staged (n int NOT NULL, label text) ON COMMIT DROP';

describe('copyFrom', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await connectedDataSource(await freshDatabase('copy-from'));
  });

  afterAll(() => dataSource.destroy());

  it('COPYs rows into a table in the transaction of the manager, more than one chunk of them', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i}\tlabel\\twith a tab ${i}\n`).join('');
    expect(Buffer.byteLength(rows)).toBeGreaterThan(1 << 20);

    const counted = await withTransaction(dataSource, async (manager) => {
      await manager.query(STAGE);
      await copyFrom(await transactionConnection(manager), 'COPY staged FROM STDIN', Buffer.from(rows));
      return manager.query(
        `SELECT count(*)::int AS rows, max(n) AS last, min(label) FILTER (WHERE n = 7) AS label FROM staged`,
      );
    });

    expect(counted).toEqual([{ rows: 60_000, last: 59_999, label: 'label\twith a tab 7' }]);
  });

  it("rejects with the server's error when a row is refused, and the connection stays usable", async () => {
    const attempt = withTransaction(dataSource, async (manager) => {
      await manager.query(STAGE);
      await copyFrom(
        await transactionConnection(manager),
        'COPY staged FROM STDIN',
        Buffer.from('1\ta\nx\tb\n'),
      );
    });

    await expect(attempt).rejects.toThrow(/invalid input syntax for type integer/);
    expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('refuses a manager that is not in a transaction: COPY must not run on an arbitrary pooled connection', async () => {
    await expect(transactionConnection(dataSource.manager)).rejects.toThrow(/open transaction/);
  });
});
