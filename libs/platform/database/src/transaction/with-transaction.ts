import type { DataSource, EntityManager } from 'typeorm';

export type IsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /**
   * Settings local to this transaction (`set_config(name, value, true)`), applied before `work` runs:
   * the hook through which the tenant (`app.org_id`) reaches row-level security policies.
   */
  localSettings?: Readonly<Record<string, string>>;
}

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export function withTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const run = async (manager: EntityManager) => {
    for (const [name, value] of Object.entries(options.localSettings ?? {})) {
      await manager.query('SELECT set_config($1, $2, true)', [name, value]);
    }
    return work(manager);
  };
  return options.isolationLevel
    ? dataSource.transaction(options.isolationLevel, run)
    : dataSource.transaction(run);
}
