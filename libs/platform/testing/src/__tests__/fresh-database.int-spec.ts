import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../index.js';

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('freshDatabase', () => {
  it('creates a distinct, empty database per call, named after the label', async () => {
    const [first, second] = await Promise.all([
      freshDatabase('Orders Service'),
      freshDatabase('Orders Service'),
    ]);
    expect(first).not.toBe(second);

    const name = await withClient(
      first,
      async (c) => (await c.query('select current_database() as db')).rows[0].db,
    );
    expect(name).toMatch(/^mp_test_orders_service_[0-9a-f]{10}$/);
    expect(new URL(first).pathname).toBe(`/${name}`);
  });

  it('isolates the tables of one database from another', async () => {
    const [first, second] = await Promise.all([freshDatabase(), freshDatabase()]);
    await withClient(first, (c) => c.query('create table only_in_first (id int)'));

    const tablesIn = (url: string) =>
      withClient(
        url,
        async (c) => (await c.query("select tablename from pg_tables where schemaname = 'public'")).rows,
      );
    expect(await tablesIn(first)).toEqual([{ tablename: 'only_in_first' }]);
    expect(await tablesIn(second)).toEqual([]);
  });
});
