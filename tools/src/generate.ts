import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSupergraph } from '@meshplane/graphql/composition';
import { generateClient } from './client-codegen.js';
import { generateDeployNatsConfig } from './deploy/nats-deploy-config.js';
import { BACKEND_SERVICES } from './run/service-catalog.js';

/**
 * `npm run generate` writes every generated artifact that is committed (proto types, subgraph SDLs, the supergraph,
 * the typed client's API schema and operations);
 * `--check` (CI) fails when any committed one differs from what the code produces now.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const check = process.argv.includes('--check');
const DEFAULT_SERVICE_PORT_BASE = 4100;

async function main(): Promise<void> {
  if (process.argv.includes('--client')) return generateClientOnly();
  let stale = !(await generateProtoTypes());
  for (const spec of BACKEND_SERVICES) {
    const script = join(repoRoot, 'services', spec.name, 'dist', 'emit-sdl.js');
    const result = spawnSync(process.execPath, [script, ...(check ? ['--check'] : [])], { stdio: 'inherit' });
    if (result.status !== 0) stale = true;
  }
  // After emit-sdl.js, which writes each service's nats-permissions.json that the deployments' auth.conf is made of.
  if (!(await generateDeployNatsConfig(repoRoot, check))) stale = true;
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
  // From the supergraph just composed, so `--check` also catches a client generated from a stale supergraph.
  if (!(await generateClient(repoRoot, supergraph, check))) stale = true;
  if (stale) process.exit(1);
}

/**
 * `--client`: only the typed client, from the committed supergraph. Needs nothing but tools built, so it also works
 * while hand-written code already uses an operation that is not generated yet (the full build would fail then).
 */
async function generateClientOnly(): Promise<void> {
  const supergraph = await readFile(join(repoRoot, 'services', 'gateway', 'supergraph.graphql'), 'utf8');
  if (!(await generateClient(repoRoot, supergraph, check))) process.exit(1);
}

const PROTO_OUT = 'libs/contracts/src/generated/proto';

/** ts-proto through buf (both from npm, versions pinned in package.json); returns false when committed code is stale. */
async function generateProtoTypes(): Promise<boolean> {
  const buf = join(repoRoot, 'node_modules', '.bin', 'buf');
  const args = ['generate', 'proto', '--template', 'proto/buf.gen.yaml'];
  if (!check) {
    await rm(join(repoRoot, PROTO_OUT), { recursive: true, force: true });
    run(buf, args);
    process.stdout.write(`proto: wrote ${PROTO_OUT}\n`);
    return true;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'meshplane-proto-'));
  try {
    run(buf, [...args, '-o', scratch]);
    const fresh = await readTree(join(scratch, PROTO_OUT));
    const committed = await readTree(join(repoRoot, PROTO_OUT));
    const same =
      fresh.size === committed.size && [...fresh].every(([file, text]) => committed.get(file) === text);
    process[same ? 'stdout' : 'stderr'].write(
      same ? 'proto: generated types are up to date\n' : `${PROTO_OUT} is stale: run \`npm run generate\`\n`,
    );
    return same;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length), await readFile(path, 'utf8'));
  }
  return files;
}

await main();
