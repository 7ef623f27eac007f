import type { MigrationInterface, QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { renderMigration } from '../index.js';
import { loadMigrationClass, typeErrorsOf } from './fixtures/compile-migration.js';

const tricky = [
  'CREATE TABLE "s"."t" ("note" text DEFAULT \'it\'\'s `quoted` ${not_a_placeholder}\')',
  'COMMENT ON COLUMN "s"."t"."note" IS \'C:\\path\\to and a \\` backslash-backtick\'',
];

function recordingQueryRunner(executed: string[]): QueryRunner {
  return {
    query: (sql: string) => {
      executed.push(sql);
      return Promise.resolve([]);
    },
  } as unknown as QueryRunner;
}

describe('renderMigration', () => {
  it('renders a migration class that type-checks under strict settings', () => {
    const source = renderMigration({
      className: 'AddNote1712345678901',
      up: tricky,
      down: ['DROP TABLE "s"."t"'],
    });

    expect(source).toContain('export class AddNote1712345678901 implements MigrationInterface');
    expect(typeErrorsOf(source)).toEqual([]);
    // Loading TypeORM's declarations takes a few seconds on a busy machine.
  }, 60_000);

  it('runs exactly the given SQL, however it uses backticks, ${, quotes and backslashes', async () => {
    const source = renderMigration({
      className: 'AddNote1712345678901',
      up: tricky,
      down: [...tricky].reverse(),
    });
    const Migration = (await loadMigrationClass(
      source,
      'AddNote1712345678901',
    )) as new () => MigrationInterface;
    const migration = new Migration();
    const up: string[] = [];
    const down: string[] = [];

    await migration.up(recordingQueryRunner(up));
    await migration.down(recordingQueryRunner(down));

    expect(migration.name).toBe('AddNote1712345678901');
    expect(up).toEqual(tricky);
    expect(down).toEqual([...tricky].reverse());
  });

  it('refuses a class name TypeORM would reject (no trailing 13-digit timestamp) or that is no identifier', () => {
    expect(() => renderMigration({ className: 'AddNote', up: [], down: [] })).toThrow('13-digit timestamp');
    expect(() => renderMigration({ className: 'add-note1712345678901', up: [], down: [] })).toThrow(
      'PascalCase',
    );
  });
});
