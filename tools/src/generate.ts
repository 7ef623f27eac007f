import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSupergraph } from '@meshplane/graphql';
import { BACKEND_SERVICES } from './run/service-catalog.js';

/**
 * `npm run generate` writes every generated artifact that is committed (subgraph SDLs, the supergraph);
 * `--check` (CI) fails when any committed one differs from what the code produces now.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const check = process.argv.includes('--check');
const DEFAULT_SERVICE_PORT_BASE = 4100;

async function main(): Promise<void> {
  let stale = false;
  for (const spec of BACKEND_SERVICES) {
    const script = join(repoRoot, 'services', spec.name, 'dist', 'emit-sdl.js');
    const result = spawnSync(process.execPath, [script, ...(check ? ['--check'] : [])], { stdio: 'inherit' });
    if (result.status !== 0) stale = true;
  }
  const subgraphs = await Promise.all(
    BACKEND_SERVICES.map(async (spec) => ({
      name: spec.name,
      url: `http://127.0.0.1:${DEFAULT_SERVICE_PORT_BASE + spec.portOffset}/graphql`,
      sdl: await readFile(join(repoRoot, 'services', spec.name, 'schema.graphql'), 'utf8'),
    })),
  );
  const supergraph = composeSupergraph(subgraphs);
  const supergraphPath = join(repoRoot, 'services', 'gateway', 'supergraph.graphql');
  if (check) {
    const committed = await readFile(supergraphPath, 'utf8').catch(() => '');
    if (committed !== supergraph) {
      process.stderr.write(`${supergraphPath} is stale: run \`npm run generate\` and commit the result\n`);
      stale = true;
    } else {
      process.stdout.write('gateway: supergraph.graphql is up to date\n');
    }
  } else {
    await writeFile(supergraphPath, supergraph);
    process.stdout.write(`gateway: wrote ${supergraphPath}\n`);
  }
  if (stale) process.exit(1);
}

await main();
