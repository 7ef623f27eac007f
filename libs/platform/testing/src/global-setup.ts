import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { processEnv } from '@meshplane/config';
import { ensureNatsServerBinary, startEmbeddedPostgres } from '@meshplane/local-infra';
import { DATABASE_URL_KEY } from './provided-context.js';

/**
 * Vitest globalSetup of the integration project: ONE Postgres for the whole run (each test file then
 * creates its own database with freshDatabase()), unless DATABASE_URL names a server to use instead.
 * NATS is per test file (startTestNats()); here we only make sure the binary exists, once, before workers race.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  await ensureNatsServerBinary();
  const external = processEnv()['DATABASE_URL']?.trim();
  if (external) {
    project.provide(DATABASE_URL_KEY, external);
    return undefined;
  }
  const root = await mkdtemp(join(tmpdir(), 'meshplane-test-pg-'));
  // As root, Postgres runs as the postgres user, which must be able to enter the mkdtemp (0700) directory.
  await chmod(root, 0o755);
  try {
    const postgres = await startEmbeddedPostgres({ dataDir: join(root, 'data'), persistent: false });
    project.provide(DATABASE_URL_KEY, postgres.url);
    return async () => {
      await postgres.stop();
      await rm(root, { recursive: true, force: true });
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
