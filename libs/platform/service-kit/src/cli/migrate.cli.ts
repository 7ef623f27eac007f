import { z } from 'zod';
import { envSecret, envUrl, loadConfig, maskUrlPassword } from '@meshplane/config';
import type { BackendServiceDefinition } from '../backend-service.definition.js';
import { migrateService } from '../migrations/migrate-service.js';
import { DEFAULT_ROLE_PREFIX, provisionService } from '../tenancy/service-roles.js';

const migrateEnvSchema = z.object({
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  DATABASE_APP_PASSWORD: envSecret(16).optional(),
  DATABASE_ROLE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, 'must be a lower-case identifier of at most 31 characters')
    .default(DEFAULT_ROLE_PREFIX),
});

/**
 * `migrate.js` of a service (a Kubernetes Job in production, a step of `npm start` locally): applies pending
 * migrations to the service's own schema, then refuses to report success if the entities still differ from it.
 * Writing a new migration is development tooling and lives in tools (`npm run migration:generate`).
 */
export async function migrateCli(definition: BackendServiceDefinition): Promise<void> {
  const config = loadConfig(migrateEnvSchema);
  // With an app password, DATABASE_URL may create roles: provision them and migrate as the schema's owner.
  // Without one, the operator manages roles and DATABASE_URL must already be the owner.
  const migrationUrl =
    config.DATABASE_APP_PASSWORD === undefined
      ? config.DATABASE_URL
      : (
          await provisionService(
            definition.name,
            config.DATABASE_URL,
            config.DATABASE_APP_PASSWORD,
            config.DATABASE_ROLE_PREFIX,
          )
        ).ownerUrl;
  const { applied, pending } = await migrateService(definition, migrationUrl);
  if (pending.length > 0) {
    throw new Error(
      `entities differ from the migrated schema; a migration is missing:\n${pending.join(';\n')}`,
    );
  }
  process.stdout.write(
    `${definition.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${maskUrlPassword(config.DATABASE_URL)})\n`,
  );
}
