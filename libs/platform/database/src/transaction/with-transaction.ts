import pg from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export type IsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /**
   * Settings local to this transaction (`set_config(name, value, true)`), applied before `work` runs:
   * the hook through which the tenant (`app.org_id`) reaches row-level security policies.
   */
  localSettings?: Readonly<Record<string, string>>;
}

/** What TypeORM's query runner sends to open a transaction at depth 0 (PostgresQueryRunner.startTransaction). */
const START = 'START TRANSACTION';

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
 *
 * Local settings travel with the transaction's first statement (`START TRANSACTION; SELECT set_config(…)`, one
 * simple-protocol message): a tenant's transaction costs one round trip to Postgres fewer, which is a quarter of a
 * one-statement transaction. Where that cannot be done (an isolation level to set first; a TypeORM that opens its
 * transactions differently) they are applied by a statement of their own before `work`, as they always were.
 */
export async function withTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const settings = Object.entries(options.localSettings ?? {});
  const isolationLevel = options.isolationLevel;
  const runner = dataSource.createQueryRunner();
  try {
    const folded =
      settings.length > 0 && !isolationLevel && !dataSource.options.isolationLevel
        ? foldIntoStart(runner, settings)
        : { applied: () => false };
    const run = async (manager: EntityManager) => {
      if (!folded.applied()) {
        for (const [name, value] of settings) {
          await manager.query('SELECT set_config($1, $2, true)', [name, value]);
        }
      }
      return work(manager);
    };
    return await (isolationLevel
      ? runner.manager.transaction(isolationLevel, run)
      : runner.manager.transaction(run));
  } finally {
    await runner.release();
  }
}

/**
 * Makes the runner's next `START TRANSACTION` carry the settings' `set_config` calls in the same message. The
 * values are sent as literals (a multi-statement message takes no parameters), escaped by node-postgres'
 * `escapeLiteral`. A NUL byte cannot travel in a literal (Postgres text cannot hold one): such a setting takes the
 * parameterized statement instead, which refuses it as before.
 */
function foldIntoStart(
  runner: QueryRunner,
  settings: readonly (readonly [string, string])[],
): { applied: () => boolean } {
  if (settings.some(([name, value]) => name.includes('\0') || value.includes('\0'))) {
    return { applied: () => false };
  }
  const calls = settings
    .map(([name, value]) => `set_config(${pg.escapeLiteral(name)}, ${pg.escapeLiteral(value)}, true)`)
    .join(', ');
  let applied = false;
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
    if (!applied && sql === START && parameters === undefined) {
      applied = true;
      return query(`${START}; SELECT ${calls}`, undefined, structured as never);
    }
    return query(sql, parameters, structured as never);
  }) as QueryRunner['query'];
  return { applied: () => applied };
}
