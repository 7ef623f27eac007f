import { maskUrlPassword } from '@meshplane/config';
import { processEnv } from '@meshplane/config';
import { loadBackendConfig, type BackendServiceDefinition } from '../backend-service.definition.js';
import { migrateService } from '../migrations/migrate-service.js';
import { generateMigration } from './generate-migration.js';

/**
 * `migrate.js` of a service (a Kubernetes Job in production, a step of `npm start` locally): applies pending
 * migrations to the service's own schema, then refuses to report success if the entities still differ from it.
 */
export async function migrateCli(
  definition: BackendServiceDefinition,
  migrationsDir: URL,
  argv = process.argv.slice(2),
): Promise<void> {
  if (argv[0] === 'generate') {
    const written = await generateMigration(
      definition,
      argv[1] ?? '',
      migrationsDir,
      processEnv()['DATABASE_URL'],
    );
    process.stdout.write(
      written
        ? `${definition.name}: wrote ${written}\n`
        : `${definition.name}: entities match the migrations; nothing to generate\n`,
    );
    return;
  }
  const config = loadBackendConfig(definition);
  const { applied, pending } = await migrateService(definition, config.DATABASE_URL);
  if (pending.length > 0) {
    throw new Error(
      `entities differ from the migrated schema; a migration is missing:\n${pending.join(';\n')}`,
    );
  }
  process.stdout.write(
    `${definition.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${maskUrlPassword(config.DATABASE_URL)})\n`,
  );
}
