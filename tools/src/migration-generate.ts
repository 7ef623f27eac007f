import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { processEnv } from '@meshplane/config';
import type { BackendServiceDefinition } from '@meshplane/service-kit';
import { generateMigration } from './migrations/generate-migration.js';
import { BACKEND_SERVICES } from './run/service-catalog.js';

/**
 * `npm run migration:generate -- <service> <PascalName>`: development tooling, so it lives here and not in the
 * services' production entry points. Loads the service's definition from its build (tools may not import a service's
 * code) and writes the migration into the service's `src/migrations/`.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const [service, name] = process.argv.slice(2);
if (!service || !name || !BACKEND_SERVICES.some((s) => s.name === service)) {
  process.stderr.write(
    `usage: npm run migration:generate -- <service> <PascalName>\nservices: ${BACKEND_SERVICES.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(2);
}
const serviceDir = join(repoRoot, 'services', service);
const exported = (await import(pathToFileURL(join(serviceDir, 'dist', 'index.js')).href)) as Record<
  string,
  unknown
>;
const definition = Object.values(exported).find(
  (value): value is BackendServiceDefinition =>
    typeof value === 'object' && value !== null && (value as { name?: unknown }).name === service,
);
if (!definition)
  throw new Error(`services/${service}/src/index.ts exports no service definition named ${service}`);
const written = await generateMigration(
  definition,
  name,
  pathToFileURL(join(serviceDir, 'src', 'migrations') + '/'),
  processEnv()['DATABASE_URL'],
);
process.stdout.write(
  written
    ? `${service}: wrote ${written}\n`
    : `${service}: entities match the migrations; nothing to generate\n`,
);
