import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { processEnv } from '@meshplane/config';
import { ensureNatsServerBinary, startEmbeddedPostgres } from '@meshplane/local-infra';
import { DATABASE_URL_KEY } from './provided-context.js';

/** One Postgres for every integration project of the run (each project runs this setup; they share a process). */
interface SharedPostgres {
  url: Promise<string>;
  users: number;
  stop: () => Promise<void>;
}
const SHARED = Symbol.for('meshplane.testing.shared-postgres');
type WithShared = typeof globalThis & { [SHARED]?: SharedPostgres };

/**
 * Vitest globalSetup of the integration projects: ONE Postgres for the whole run, shared by every project (each
 * test file then creates its own database with freshDatabase()), unless DATABASE_URL names a server to use
 * instead. NATS is per test file (startTestNats()); here we only make sure the binary exists, once, before
 * workers race.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  await ensureNatsServerBinary();
  const external = processEnv()['DATABASE_URL']?.trim();
  if (external) {
    project.provide(DATABASE_URL_KEY, external);
    return undefined;
  }
  const global = globalThis as WithShared;
  const shared = (global[SHARED] ??= startShared());
  shared.users += 1;
  try {
    project.provide(DATABASE_URL_KEY, await shared.url);
  } catch (error) {
    await release(global, shared);
    throw error;
  }
  return () => release(global, shared);
}

function startShared(): SharedPostgres {
  let stop: () => Promise<void> = () => Promise.resolve();
  const url = (async () => {
    const root = await mkdtemp(join(tmpdir(), 'meshplane-test-pg-'));
    // As root, Postgres runs as the postgres user, which must be able to enter the mkdtemp (0700) directory.
    await chmod(root, 0o755);
    try {
      const postgres = await startEmbeddedPostgres({ dataDir: join(root, 'data'), persistent: false });
      stop = async () => {
        await postgres.stop();
        await rm(root, { recursive: true, force: true });
      };
      return postgres.url;
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      throw error;
    }
  })();
  return { url, users: 0, stop: () => stop() };
}

/** The last project to finish stops the server. */
async function release(global: WithShared, shared: SharedPostgres): Promise<void> {
  shared.users -= 1;
  if (shared.users > 0) return;
  if (global[SHARED] === shared) delete global[SHARED];
  await shared.stop();
}
