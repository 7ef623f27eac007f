import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { freshDatabase } from '@meshplane/testing';
import { runMigrations, withTransaction } from '../index.js';
import { connectedDataSource } from './fixtures/service-data-source.fixture.js';
import { Widget } from './fixtures/widget.entity.js';

describe('withTransaction', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await connectedDataSource(await freshDatabase('transactions'));
    await runMigrations(dataSource);
  });

  afterAll(() => dataSource.destroy());

  const widgetNamed = (name: string) => dataSource.getRepository(Widget).findOneBy({ name });

  it('commits the work when it resolves and returns its result', async () => {
    const result = await withTransaction(dataSource, async (manager) => {
      await manager.insert(Widget, { id: '00000000-0000-4000-8000-00000000000a', name: 'committed' });
      return 'done';
    });

    expect(result).toBe('done');
    expect(await widgetNamed('committed')).not.toBeNull();
  });

  it('rolls back everything when the work throws', async () => {
    const attempt = withTransaction(dataSource, async (manager) => {
      await manager.insert(Widget, { id: '00000000-0000-4000-8000-00000000000b', name: 'rolled back' });
      throw new Error('business rule violated');
    });

    await expect(attempt).rejects.toThrow('business rule violated');
    expect(await widgetNamed('rolled back')).toBeNull();
  });

  it('applies local settings inside the transaction only', async () => {
    const setting = "SELECT current_setting('app.org_id', true) AS org";

    const inside = await withTransaction(dataSource, (manager) => manager.query(setting), {
      localSettings: { 'app.org_id': 'org-42' },
      isolationLevel: 'REPEATABLE READ',
    });
    const after = await withTransaction(dataSource, (manager) => manager.query(setting));

    expect(inside).toEqual([{ org: 'org-42' }]);
    expect(after[0].org ?? '').toBe('');
  });

  describe("local settings sent with the transaction's first statement", () => {
    const setting = "SELECT current_setting('app.org_id', true) AS org";
    afterEach(() => vi.restoreAllMocks());

    /** The text of every statement sent to Postgres while `run` runs. */
    async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
      const sent: string[] = [];
      const query = pg.Client.prototype.query;
      vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
        this: pg.Client,
        ...args: unknown[]
      ) {
        const [config] = args as [string | { text: string }];
        sent.push(typeof config === 'string' ? config : config.text);
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as never);
      await run();
      vi.restoreAllMocks();
      return sent;
    }

    it('costs one round trip fewer: START TRANSACTION and set_config in one message, then the work, then COMMIT', async () => {
      let seen: unknown;
      const sent = await statementsOf(async () => {
        seen = await withTransaction(dataSource, (manager) => manager.query(setting), {
          localSettings: { 'app.org_id': 'org-7' },
        });
      });

      expect(seen).toEqual([{ org: 'org-7' }]);
      expect(sent).toEqual([
        "START TRANSACTION; SELECT set_config('app.org_id', 'org-7', true)",
        setting,
        'COMMIT',
      ]);
    });

    it('sends values verbatim whatever quotes or backslashes they hold (literals escaped, nothing injected)', async () => {
      const hostile = `x'); DROP TABLE widget; --\\' \\`;
      const [row] = (await withTransaction(dataSource, (manager) => manager.query(setting), {
        localSettings: { 'app.org_id': hostile },
      })) as { org: string }[];

      expect(row?.org).toBe(hostile);
      await expect(dataSource.getRepository(Widget).count()).resolves.toBeGreaterThanOrEqual(0);
    });

    it('keeps the setting local: the next transaction on the same pooled connection does not see it', async () => {
      await withTransaction(dataSource, (manager) => manager.query(setting), {
        localSettings: { 'app.org_id': 'org-8' },
      });
      const after = (await withTransaction(dataSource, (manager) => manager.query(setting))) as {
        org: string | null;
      }[];

      expect(after[0]?.org ?? '').toBe('');
    });

    it('rolls back when the work throws, and nested transactions become savepoints of the same one', async () => {
      const attempt = withTransaction(
        dataSource,
        async (manager) => {
          await manager.transaction(async (inner) => {
            await inner.insert(Widget, { id: '00000000-0000-4000-8000-00000000000c', name: 'nested' });
          });
          expect(await manager.query(setting)).toEqual([{ org: 'org-9' }]);
          throw new Error('after the savepoint');
        },
        { localSettings: { 'app.org_id': 'org-9' } },
      );

      await expect(attempt).rejects.toThrow('after the savepoint');
      expect(await widgetNamed('nested')).toBeNull();
    });

    it('with an isolation level, sets it first and the settings by a statement of their own', async () => {
      const sent = await statementsOf(() =>
        withTransaction(dataSource, (manager) => manager.query(setting), {
          localSettings: { 'app.org_id': 'org-10' },
          isolationLevel: 'SERIALIZABLE',
        }),
      );

      expect(sent.slice(0, 3)).toEqual([
        'START TRANSACTION',
        'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE',
        'SELECT set_config($1, $2, true)',
      ]);
    });
  });
});
