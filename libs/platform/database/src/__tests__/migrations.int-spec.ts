import { afterEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';

import { freshDatabase } from '@meshplane/testing';
import { pendingSchemaChanges, renderMigration, runMigrations } from '../index.js';
import { loadMigrationClass } from './fixtures/compile-migration.js';
import { connectedDataSource, SCHEMA } from './fixtures/service-data-source.fixture.js';
import { WidgetWithColour } from './fixtures/widget.entity.js';

describe('runMigrations', () => {
  const opened: DataSource[] = [];
  const open = async (...args: Parameters<typeof connectedDataSource>) => {
    const dataSource = await connectedDataSource(...args);
    opened.push(dataSource);
    return dataSource;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((dataSource) => dataSource.destroy()));
  });

  it("creates the service's schema and applies pending migrations there, once", async () => {
    const dataSource = await open(await freshDatabase('migrations'));

    expect(await runMigrations(dataSource)).toEqual(['CreateWidget1700000000000', 'SeedWidget1700000000001']);
    expect(await runMigrations(dataSource)).toEqual([]);

    const tables = await dataSource.query<{ table_schema: string; table_name: string }[]>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name`,
    );
    expect(tables).toEqual([
      { table_schema: SCHEMA, table_name: 'migrations' },
      { table_schema: SCHEMA, table_name: 'widget' },
    ]);
  });

  it('applies each migration exactly once when several processes migrate at the same time', async () => {
    const url = await freshDatabase('concurrent-migrations');
    const replicas = await Promise.all([open(url), open(url), open(url)]);

    const applied = await Promise.all(replicas.map((dataSource) => runMigrations(dataSource)));

    expect(applied.flat().sort()).toEqual(['CreateWidget1700000000000', 'SeedWidget1700000000001']);
    const [first] = replicas;
    const [{ count }] = await first.query(`SELECT count(*)::int AS count FROM "${SCHEMA}"."migrations"`);
    expect(count).toBe(2);
  });
});

describe('pendingSchemaChanges', () => {
  it('is empty once the migrations match the entities', async () => {
    const dataSource = await connectedDataSource(await freshDatabase('no-drift'));
    try {
      await runMigrations(dataSource);
      expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });
    } finally {
      await dataSource.destroy();
    }
  });

  it('lists the SQL for a column an entity gained without a migration, and its undo', async () => {
    const url = await freshDatabase('drift');
    const migrated = await connectedDataSource(url);
    await runMigrations(migrated);
    await migrated.destroy();

    const changed = await connectedDataSource(url, { entities: [WidgetWithColour] });
    try {
      expect(await pendingSchemaChanges(changed)).toEqual({
        up: [`ALTER TABLE "${SCHEMA}"."widget" ADD "colour" text`],
        down: [`ALTER TABLE "${SCHEMA}"."widget" DROP COLUMN "colour"`],
      });
    } finally {
      await changed.destroy();
    }
  });
});

describe('a migration rendered from pending changes', () => {
  it('applies, leaves nothing pending, and its down() undoes it', async () => {
    const url = await freshDatabase('rendered');
    const drafting = await connectedDataSource(url, { migrations: [] });
    await runMigrations(drafting);
    const changes = await pendingSchemaChanges(drafting);
    await drafting.destroy();
    const source = renderMigration({ className: 'CreateWidget1712345678901', ...changes });
    const Rendered = await loadMigrationClass(source, 'CreateWidget1712345678901');

    const dataSource = await connectedDataSource(url, { migrations: [Rendered] });
    try {
      expect(await runMigrations(dataSource)).toEqual(['CreateWidget1712345678901']);
      expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });

      await dataSource.undoLastMigration();
      expect(await pendingSchemaChanges(dataSource)).toEqual(changes);
    } finally {
      await dataSource.destroy();
    }
  });
});
