import { createServiceDataSource, pendingSchemaChanges, runMigrations } from '@meshplane/database';
import { schemaName, type BackendServiceDefinition } from '../backend-service.definition.js';

export interface MigrationOutcome {
  /** Names of the migrations this run applied, in order. */
  applied: string[];
  /** SQL the entities still need after migrating: not empty means a migration is missing. */
  pending: string[];
}

/**
 * Applies a service's pending migrations to its own schema and reports what its entities would still change.
 * `migrate.js` refuses to succeed on pending changes; each service's migrations test asserts there are none.
 */
export async function migrateService(
  definition: BackendServiceDefinition,
  databaseUrl: string,
  applicationName = `meshplane-${definition.name}-migrate`,
): Promise<MigrationOutcome> {
  const dataSource = createServiceDataSource({
    url: databaseUrl,
    schema: schemaName(definition.name),
    entities: definition.entities,
    migrations: definition.migrations,
    applicationName,
  });
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    const { up } = await pendingSchemaChanges(dataSource);
    return { applied, pending: up };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
