import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm start`'s migration step: the `migrate.js` of every service named on the command line, in ONE process
 * (the environment is the same for all: the database's admin URL and the app roles' password). Each service
 * keeps its own migrate entry point (a Kubernetes Job in production); here the six share the ~2 CPU-s of
 * loading Nest, TypeORM and GraphQL that six processes paid six times (a system start went from ~13 to ~4 CPU-s
 * of migration). They run side by side; every failure is reported, naming its service, and the exit code is 1.
 *
 * Usage: node tools/dist/run/migrate-services.js <repo root> <service>...
 */
const [repoRoot, ...services] = process.argv.slice(2);
if (repoRoot === undefined || services.length === 0) {
  process.stderr.write('usage: migrate-services <repo root> <service>...\n');
  process.exit(2);
}

const failures = (
  await Promise.all(
    services.map(async (service) => {
      try {
        // Its top-level await runs the migrations: the import settles when they are done.
        await import(pathToFileURL(join(repoRoot, 'services', service, 'dist', 'migrate.js')).href);
        return undefined;
      } catch (error) {
        return `migrations of ${service} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      }
    }),
  )
).filter((failure) => failure !== undefined);

if (failures.length > 0) {
  process.stderr.write(`${failures.join('\n')}\n`);
  process.exitCode = 1;
}
