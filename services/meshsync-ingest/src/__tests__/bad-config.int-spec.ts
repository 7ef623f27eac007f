import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { processEnv } from '@meshplane/config';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const mainJs = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** Valid common variables; nothing listens on port 1, so a start that got past its config would fail later. */
const validEnv = {
  DATABASE_URL: 'postgres://meshplane@127.0.0.1:1/meshplane',
  NATS_URL: 'nats://127.0.0.1:1',
  INTERNAL_CONTEXT_SECRET: 'a-context-secret-of-at-least-32-characters',
  PORT: '0',
};

/** Starts the built service with the given variables on top of the inherited environment. */
async function startMeshsyncIngest(overrides: Record<string, string>) {
  const env = { ...processEnv(), ...validEnv, ...overrides };
  try {
    const { stdout, stderr } = await run(process.execPath, [mainJs], { env, timeout: 90_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** The variables the fatal start-up line names. */
function namedVariables(output: string): string[] {
  const line = output.split('\n').find((text) => text.includes('Invalid configuration'));
  return line === undefined ? [] : ((JSON.parse(line) as { variables?: string[] }).variables ?? []);
}

describe('meshsync-ingest with a bad feature variable', () => {
  beforeAll(async () => {
    // The root test command builds first; build here only when run on its own in a fresh checkout.
    if (!existsSync(mainJs)) {
      await run(
        process.execPath,
        ['node_modules/typescript/bin/tsc', '-b', 'services/meshsync-ingest/tsconfig.lib.json'],
        { cwd: repoRoot },
      );
    }
  });

  it('refuses to start with an invalid INVENTORY_* value, naming it, before connecting anywhere', async () => {
    const { code, output } = await startMeshsyncIngest({ INVENTORY_COMMIT_CONCURRENCY: '0' });

    expect(code).toBe(1);
    expect(namedVariables(output)).toEqual(['INVENTORY_COMMIT_CONCURRENCY']);
    expect(output).not.toContain('listening');
  }, 120_000);

  // Which variables a bad configuration names, across features and rules: config.spec.ts (no process needed).
});
