import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { processEnv } from '@meshplane/config';
import { freshDatabase } from '@meshplane/testing';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const runner = fileURLToPath(new URL('../../dist/run/migrate-services.js', import.meta.url));

/** Runs the built migration runner of `npm start` for the services named, against `databaseUrl`. */
async function migrate(databaseUrl: string, services: string[]) {
  const env = {
    ...processEnv(),
    DATABASE_URL: databaseUrl,
    DATABASE_APP_PASSWORD: 'app-password-for-the-test',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [runner, repoRoot, ...services], {
      env,
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe("npm start's migration step (every service's migrate.js in one process)", () => {
  it('migrates each service named, and names every one that failed while the others still migrate', async () => {
    const databaseUrl = await freshDatabase('migrate-services');

    const first = await migrate(databaseUrl, ['perf', 'patterns']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^perf: applied CreatePerformanceProfiles/m);
    expect(first.stdout).toMatch(/^patterns: /m);

    const second = await migrate(databaseUrl, ['no-such-service', 'perf']);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/^perf: schema up to date /m);
    expect(second.stderr).toContain('migrations of no-such-service failed');
    expect(second.stderr).not.toContain('migrations of perf failed');
  }, 120_000);
});
