// Vitest globalSetup of the integration project, which loads the workspace packages a test imports from their build
// (dist/, as production does) rather than from source: refuses to run on a stale build, naming the package and the
// command that fixes it. `npm test` builds first; run `npx tsc -b` after editing a library before its dependents'
// integration tests.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workspacePackages } from './vitest-aliases.js';

/** Newest modification time of the library sources tsc builds (tests excluded, as tsconfig.lib.json does). */
function newestSource(dir) {
  let newest = 0;
  let newestFile = '';
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '__tests__') continue;
      const inner = newestSource(path);
      if (inner.time > newest) ({ time: newest, file: newestFile } = inner);
    } else if (entry.name.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(entry.name)) {
      const time = statSync(path).mtimeMs;
      if (time > newest) [newest, newestFile] = [time, path];
    }
  }
  return { time: newest, file: newestFile };
}

export function staleBuilds() {
  const stale = [];
  for (const { name, dir } of workspacePackages()) {
    let built;
    try {
      built = statSync(join(dir, 'dist', 'tsconfig.lib.tsbuildinfo')).mtimeMs;
    } catch {
      stale.push(`${name}: not built`);
      continue;
    }
    const { time, file } = newestSource(join(dir, 'src'));
    if (time > built) stale.push(`${name}: ${file} is newer than its build`);
  }
  return stale;
}

export default function setup() {
  const stale = staleBuilds();
  if (stale.length > 0)
    throw new Error(
      `integration tests load the workspace packages from their build, which is stale; run \`npx tsc -b\` first:\n  ${stale.join('\n  ')}`,
    );
}
