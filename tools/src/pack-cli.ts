import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run pack:cli`: the `meshplane` CLI as one npm package that needs nothing but Node.js 20.19+. The built CLI
 * (`cli/dist`) and everything it imports — `@meshplane/client`, `@meshplane/config`, commander, graphql, graphql-ws,
 * graphql-sse, ws, yaml, zod — are bundled with rolldown (pinned in package.json) into `meshplane.mjs`, then packed
 * with `npm pack` into `cli/dist/standalone/meshplane-cli-<version>.tgz`, installable anywhere with
 * `npm install -g <tarball>`.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const out = join(repoRoot, 'cli', 'dist', 'standalone');
const pkgDir = join(out, 'package');

async function main(): Promise<void> {
  const cliPackage = JSON.parse(await readFile(join(repoRoot, 'cli', 'package.json'), 'utf8')) as {
    version: string;
    description: string;
    engines: Record<string, string>;
  };
  await rm(out, { recursive: true, force: true });
  await mkdir(pkgDir, { recursive: true });
  run(join(repoRoot, 'node_modules', '.bin', 'rolldown'), [
    join(repoRoot, 'cli', 'dist', 'main.js'),
    '--file',
    join(pkgDir, 'meshplane.mjs'),
    '--format',
    'esm',
    '--platform',
    'node',
    '--minify',
    '--banner',
    '#!/usr/bin/env node',
    // ws loads these native speed-ups only when installed; it works without them.
    '--external',
    'bufferutil,utf-8-validate',
  ]);
  await writeFile(
    join(pkgDir, 'package.json'),
    `${JSON.stringify(
      {
        name: '@meshplane/cli',
        version: cliPackage.version,
        description: cliPackage.description,
        type: 'module',
        bin: { meshplane: './meshplane.mjs' },
        files: ['meshplane.mjs', 'README.md'],
        engines: cliPackage.engines,
      },
      null,
      2,
    )}\n`,
  );
  await copyFile(join(repoRoot, 'cli', 'README.md'), join(pkgDir, 'README.md'));
  run('npm', ['pack', '--pack-destination', out], pkgDir);
  const tarball = (await readdir(out)).find((f) => f.endsWith('.tgz'));
  process.stdout.write(`cli: packed ${join(out, tarball ?? '?')}\n`);
}

function run(command: string, args: string[], cwd = repoRoot): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

await main();
