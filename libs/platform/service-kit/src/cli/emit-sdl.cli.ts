import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createStatusResolver, renderSubgraphSdl } from '@meshplane/graphql';
import type { BackendServiceDefinition } from '../backend-service.definition.js';

/**
 * `emit-sdl.js` of a service: writes its subgraph SDL to schema.graphql, or with `--check` fails when the committed
 * file differs from what the code declares.
 */
export async function emitSdlCli(
  definition: BackendServiceDefinition,
  sdlFile: URL,
  argv = process.argv,
): Promise<void> {
  const sdl = await renderBackendSdl(definition);
  const path = fileURLToPath(sdlFile);
  if (argv.includes('--check')) {
    const committed = await readFile(path, 'utf8').catch(() => '');
    if (committed !== sdl) {
      process.stderr.write(`${path} is stale: run \`npm run generate\` and commit the result\n`);
      process.exit(1);
    }
    process.stdout.write(`${definition.name}: schema.graphql is up to date\n`);
    return;
  }
  await writeFile(path, sdl);
  process.stdout.write(`${definition.name}: wrote ${path}\n`);
}

export function renderBackendSdl(definition: BackendServiceDefinition): Promise<string> {
  return renderSubgraphSdl({
    modules: definition.features,
    resolvers: [createStatusResolver(definition.name)],
    orphanedTypes: definition.orphanedTypes,
  });
}
