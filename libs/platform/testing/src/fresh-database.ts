import pg from 'pg';
import { DATABASE_URL_KEY } from './provided-context.js';
import { testIdentifier } from './test-identifier.js';

/**
 * Creates an empty database on the run's shared Postgres and returns its URL; the calling test file owns
 * it. Only works inside the vitest integration project (its globalSetup provides the server); vitest is
 * imported lazily so that this package stays importable from plain Node (e2e harness, benchmarks).
 * With an external DATABASE_URL the databases stay behind: they are all named `mp_test_*`.
 */
export async function freshDatabase(label = 'db'): Promise<string> {
  const serverUrl = await sharedServerUrl();
  const name = testIdentifier(label);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function sharedServerUrl(): Promise<string> {
  const { inject } = await import('vitest');
  let url: string | undefined;
  try {
    url = inject(DATABASE_URL_KEY);
  } catch {
    // Outside a vitest worker inject() throws about vitest internals; say what is actually missing.
  }
  if (!url) {
    throw new Error(
      'freshDatabase() needs the Postgres started by libs/platform/testing/src/global-setup.ts: ' +
        'run it in the vitest "integration" project (files named *.int-spec.ts)',
    );
  }
  return url;
}
