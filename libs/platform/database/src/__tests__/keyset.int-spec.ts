import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freshDatabase } from '@meshplane/testing';
import { applyKeyset, keysetAfterSql, keysetOrderSql, runMigrations, type Keyset } from '../index.js';
import { connectedDataSource } from './fixtures/service-data-source.fixture.js';
import { Widget } from './fixtures/widget.entity.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
// Names repeat, so pages must cut inside a run of equal names: only the id tells those rows apart.
const NAMES = ['b', 'a', 'b', 'c', 'a', 'b', 'a', 'c', 'b'];
const WIDGETS = NAMES.map((name, n) => ({ id: id(n + 1), name }));

describe('keyset pagination against Postgres', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await connectedDataSource(await freshDatabase('keyset'));
    await runMigrations(dataSource);
    await dataSource.getRepository(Widget).clear(); // the seed migration's row
    await dataSource.getRepository(Widget).insert(WIDGETS);
  });

  afterAll(() => dataSource.destroy());

  /** Every row, two at a time, each page resumed from the last row of the one before. */
  async function pageThrough(direction: 'ASC' | 'DESC'): Promise<string[]> {
    const seen: string[] = [];
    let after: string[] | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const keyset: Keyset = {
        columns: [
          { sql: 'w.name', type: 'text' },
          { sql: 'w.id', type: 'uuid' },
        ],
        direction,
        after,
      };
      const rows = await applyKeyset(dataSource.getRepository(Widget).createQueryBuilder('w'), keyset)
        .limit(2)
        .getMany();
      if (rows.length === 0) return seen;
      seen.push(...rows.map((row) => row.id));
      const last = rows.at(-1) as Widget;
      after = [last.name, last.id];
    }
    throw new Error('paging did not end');
  }

  const sorted = (direction: 'ASC' | 'DESC') => {
    const sign = direction === 'ASC' ? 1 : -1;
    return [...WIDGETS]
      .sort((a, b) => sign * (a.name.localeCompare(b.name) || a.id.localeCompare(b.id)))
      .map((widget) => widget.id);
  };

  it('returns every row once, in order, ascending, ties broken by id', async () => {
    expect(await pageThrough('ASC')).toEqual(sorted('ASC'));
  });

  it('returns every row once, in order, descending, ties broken by id', async () => {
    expect(await pageThrough('DESC')).toEqual(sorted('DESC'));
  });

  it('pages a mixed order (name descending, id ascending) with bound raw SQL', async () => {
    const seen: string[] = [];
    let after: string[] | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const values: string[] = [];
      const keyset: Keyset = {
        columns: [
          { sql: 'w.name', type: 'text' },
          { sql: 'w.id', type: 'uuid', direction: 'ASC' },
        ],
        direction: 'DESC',
        after,
      };
      const condition = keysetAfterSql(keyset, (value, type) => `$${values.push(value)}::${type}`);
      const rows: Widget[] = await dataSource.query(
        `SELECT w.id, w.name FROM inventory.widget w ${condition ? `WHERE ${condition}` : ''}
         ORDER BY ${keysetOrderSql(keyset)} LIMIT 2`,
        values,
      );
      if (rows.length === 0) break;
      seen.push(...rows.map((row) => row.id));
      const last = rows.at(-1) as Widget;
      after = [last.name, last.id];
    }
    const expected = [...WIDGETS]
      .sort((a, b) => b.name.localeCompare(a.name) || a.id.localeCompare(b.id))
      .map((widget) => widget.id);
    expect(seen).toEqual(expected);
  });
});
