import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
});
