import { type DataSource, MigrationExecutor, type QueryRunner } from 'typeorm';
import { quoteIdentifier, serviceSchema } from '../data-source/service-data-source.js';

/**
 * Creates the service's schema and runs its pending migrations, each in its own transaction; returns the
 * names of those applied. Replicas and migration Jobs may start together: a Postgres advisory lock keyed on
 * the schema lets one of them migrate while the others wait and then find nothing left to do. The lock is
 * held by the very session that migrates, so it is released even if this process dies mid-way.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = serviceSchema(dataSource);
  const lockKey = `meshplane.migrations:${schema}`;
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      await createSchemaIfMissing(queryRunner, schema);
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((migration) => migration.name);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
    }
  } finally {
    await queryRunner.release();
  }
}

/**
 * CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists, which an owner role
 * provisioned with its schema (provisionServiceRoles) does not have and should not need.
 */
async function createSchemaIfMissing(queryRunner: QueryRunner, schema: string): Promise<void> {
  const existing = await queryRunner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (existing.length === 0)
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
}
