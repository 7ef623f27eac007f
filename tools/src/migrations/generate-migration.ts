import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  createServiceDataSource,
  pendingSchemaChanges,
  renderMigration,
  runMigrations,
} from '@meshplane/database';
import { startEmbeddedPostgres } from '@meshplane/local-infra';
import { schemaName, type BackendServiceDefinition } from '@meshplane/service-kit';

const NAME = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Writes `src/migrations/<timestamp>-<Name>.ts` with the SQL that brings a schema built by the existing migrations to
 * what the entities declare, and registers it in `src/migrations/index.ts`. Works on a scratch database (on
 * DATABASE_URL's server when set, else a throwaway embedded Postgres), so nobody's data is touched.
 */
export async function generateMigration(
  definition: BackendServiceDefinition,
  name: string,
  migrationsDir: URL,
  serverUrl?: string,
): Promise<string | undefined> {
  if (!NAME.test(name)) throw new Error(`migration name "${name}" must be PascalCase, e.g. AddClusterLabels`);
  const scratch = serverUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: join(tmpdir(), `meshplane-migrate-${randomBytes(4).toString('hex')}`),
        persistent: false,
      });
  const server = serverUrl ?? scratch?.url;
  if (!server) throw new Error('no Postgres server to generate the migration against');
  const database = `migration_gen_${randomBytes(6).toString('hex')}`;
  await adminQuery(server, `create database ${database}`);
  try {
    const url = new URL(server);
    url.pathname = `/${database}`;
    const dataSource = createServiceDataSource({
      url: url.toString(),
      schema: schemaName(definition.name),
      entities: definition.entities,
      migrations: definition.migrations,
      applicationName: `meshplane-${definition.name}-generate`,
    });
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
      const changes = await pendingSchemaChanges(dataSource);
      if (changes.up.length === 0) return undefined;
      const timestamp = Date.now();
      const className = `${name}${timestamp}`;
      const file = `${timestamp}-${name}.ts`;
      await writeFile(
        new URL(file, migrationsDir),
        renderMigration({ className, up: changes.up, down: changes.down }),
      );
      await register(new URL('index.ts', migrationsDir), className, file);
      return fileURLToPath(new URL(file, migrationsDir));
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await adminQuery(server, `drop database if exists ${database}`);
    await scratch?.stop();
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Adds the import and the array entry; the index keeps migrations in the order they were generated. */
async function register(indexFile: URL, className: string, file: string): Promise<void> {
  const source = await readFile(indexFile, 'utf8');
  const importLine = `import { ${className} } from './${file.replace(/\.ts$/, '.js')}';\n`;
  const withImport = importLine + source;
  const updated = withImport.replace(
    /export const MIGRATIONS: ClassReference\[\] = \[([\s\S]*?)\];/,
    (_, entries: string) => {
      const items = entries
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      return `export const MIGRATIONS: ClassReference[] = [${[...items, className].join(', ')}];`;
    },
  );
  if (updated === withImport)
    throw new Error(`${fileURLToPath(indexFile)} has no "export const MIGRATIONS: ClassReference[] = [...]"`);
  await writeFile(indexFile, updated);
}
