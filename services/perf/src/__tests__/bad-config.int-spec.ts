import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { processEnv } from '@meshplane/config';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const mainJs = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

const validEnv = {
  DATABASE_URL: 'postgres://meshplane@127.0.0.1:1/meshplane',
  NATS_URL: 'nats://127.0.0.1:1',
  PORT: '0',
};

/** Starts the built service with exactly the given variables on top of the inherited environment. */
async function startPerf(overrides: Record<string, string | undefined>) {
  const env: Record<string, string | undefined> = { ...processEnv(), ...validEnv, ...overrides };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  try {
    const { stdout, stderr } = await run(process.execPath, [mainJs], { env, timeout: 90_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('perf with bad configuration', () => {
  beforeAll(async () => {
    // The root test command builds first; build here only when run on its own in a fresh checkout.
    if (!existsSync(mainJs)) {
      await run(
        process.execPath,
        ['node_modules/typescript/bin/tsc', '-b', 'services/perf/tsconfig.lib.json'],
        {
          cwd: repoRoot,
        },
      );
    }
  });

  it('exits non-zero naming DATABASE_URL when it is missing', async () => {
    const { code, output } = await startPerf({ DATABASE_URL: undefined });

    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL');
    expect(output).not.toContain('listening');
  }, 120_000);

  // Which variables a bad configuration names: config.spec.ts (no process needed).
});
