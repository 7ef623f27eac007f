import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { composeSupergraph } from '@meshplane/graphql/composition';
import { CLIENT_SCHEMA, CLIENT_TYPES, generateClient } from '../client-codegen.js';

const supergraph = composeSupergraph([
  {
    name: 'providers',
    url: 'http://127.0.0.1:4101/graphql',
    sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type User @key(fields: "id") { id: ID! email: String! }
      type Query { me: User! }`,
  },
]);

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'meshplane-client-codegen-'));
  await writeOperation('query Me { me { id } }');
  vi.spyOn(process.stdout, 'write').mockReturnValue(true);
  vi.spyOn(process.stderr, 'write').mockReturnValue(true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

async function writeOperation(text: string): Promise<void> {
  const file = join(root, 'libs/client/src/operations/identity.graphql');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

describe('generateClient', () => {
  it('writes the API schema without federation internals and a typed document per operation', async () => {
    expect(await generateClient(root, supergraph, false)).toBe(true);

    const schema = await readFile(join(root, CLIENT_SCHEMA), 'utf8');
    const types = await readFile(join(root, CLIENT_TYPES), 'utf8');
    expect(schema).toContain('type User {');
    expect(schema).not.toContain('join__');
    expect(types).toContain('export type MeQuery = { me: { id: string } };');
    expect(types).toContain('export const MeDocument =');
  });

  it('finds the committed client stale when an operation changed, and fresh once regenerated', async () => {
    await generateClient(root, supergraph, false);
    await writeOperation('query Me { me { id email } }');

    expect(await generateClient(root, supergraph, true)).toBe(false);
    await generateClient(root, supergraph, false);
    expect(await generateClient(root, supergraph, true)).toBe(true);
  });
});
