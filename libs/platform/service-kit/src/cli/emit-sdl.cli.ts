import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createStatusResolver, renderSubgraphSdl } from '@meshplane/graphql';
import type { BackendServiceDefinition } from '../backend-service.definition.js';
import { renderNatsPermissionsFile } from '../nats-permissions.js';

/**
 * `emit-sdl.js` of a service: writes its subgraph SDL to schema.graphql and its NATS user's permissions to
 * nats-permissions.json (next to it), or with `--check` fails when a committed file differs from what the code
 * declares.
 */
export async function emitSdlCli(
  definition: BackendServiceDefinition,
  sdlFile: URL,
  argv = process.argv,
): Promise<void> {
  const outputs = [
    { file: sdlFile, content: await renderBackendSdl(definition) },
    { file: new URL('nats-permissions.json', sdlFile), content: renderNatsPermissionsFile(definition) },
  ];
  let stale = false;
  for (const { file, content } of outputs) {
    const path = fileURLToPath(file);
    if (argv.includes('--check')) {
      const committed = await readFile(path, 'utf8').catch(() => '');
      if (committed !== content) {
        process.stderr.write(`${path} is stale: run \`npm run generate\` and commit the result\n`);
        stale = true;
      } else process.stdout.write(`${definition.name}: ${path} is up to date\n`);
      continue;
    }
    await writeFile(path, content);
    process.stdout.write(`${definition.name}: wrote ${path}\n`);
  }
  if (stale) process.exit(1);
}

export function renderBackendSdl(definition: BackendServiceDefinition): Promise<string> {
  return renderSubgraphSdl({
    modules: definition.modules,
    resolvers: [createStatusResolver(definition.name)],
    orphanedTypes: definition.orphanedTypes,
  });
}
