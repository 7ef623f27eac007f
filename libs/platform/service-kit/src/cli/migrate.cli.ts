import { maskUrlPassword } from '@meshplane/config';
import { createServiceDataSource, pendingSchemaChanges, runMigrations } from '@meshplane/database';
import { loadBackendConfig, schemaName, type BackendServiceDefinition } from '../backend-service.definition.js';

/**
 * `migrate.js` of a service (a Kubernetes Job in production, a step of `npm start` locally): applies pending
 * migrations to the service's own schema, then refuses to report success if the entities still differ from it.
 */
export async function migrateCli(definition: BackendServiceDefinition): Promise<void> {
  const config = loadBackendConfig(definition);
  const dataSource = createServiceDataSource({
    url: config.DATABASE_URL,
    schema: schemaName(definition.name),
    entities: definition.entities,
    migrations: definition.migrations,
    applicationName: `meshplane-${definition.name}-migrate`,
  });
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    const drift = await pendingSchemaChanges(dataSource);
    if (drift.up.length > 0) {
      throw new Error(`entities differ from the migrated schema; a migration is missing:\n${drift.up.join(';\n')}`);
    }
    process.stdout.write(
      `${definition.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${maskUrlPassword(config.DATABASE_URL)})\n`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
