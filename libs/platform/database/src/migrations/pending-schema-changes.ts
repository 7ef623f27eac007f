import pg from 'pg';
import type { DataSource } from 'typeorm';

export interface SchemaChanges {
  /** SQL that would bring the database in line with the entities, in order. */
  up: string[];
  /** SQL that undoes `up`, in the order to run it. */
  down: string[];
}

interface LoggedQuery {
  query: string;
  parameters?: unknown[];
}

/**
 * What TypeORM's schema builder would change to match the entities: empty when the migrations are
 * complete. CI fails on a non-empty result, and the generate command turns it into a migration.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<SchemaChanges> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map(inlineParameters),
    // The builder lists the undo statements in the order of the changes; undoing runs them backwards.
    down: [...sql.downQueries].reverse().map(inlineParameters),
  };
}

/** A few builder statements (typeorm_metadata rows) carry $n parameters; a migration needs plain SQL. */
function inlineParameters({ query, parameters }: LoggedQuery): string {
  if (!parameters?.length) return query;
  return query.replace(/\$(\d+)\b/g, (placeholder, index: string) => {
    const position = Number(index) - 1;
    return position < parameters.length ? sqlLiteral(parameters[position]) : placeholder;
  });
}

function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return pg.escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
}
