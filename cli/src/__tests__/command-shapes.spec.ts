import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { run } from '../run.js';
import {
  pagedAnswer,
  scratchDir,
  signedInConfig,
  startFakeServer,
  testRuntime,
  type FakeServer,
} from './fake-server.js';

const organizations = Array.from({ length: 5 }, (_, i) => ({
  id: `org-${i}`,
  name: `Org ${i}`,
  slug: `org-${i}`,
  myRole: 'OWNER',
  createdAt: new Date().toISOString(),
}));

let server: FakeServer;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let configPath: string;

beforeAll(async () => {
  dir = await scratchDir();
  configPath = join(dir.path, 'config.yaml');
  server = await startFakeServer({
    // Two per page.
    Organizations: (variables) => pagedAnswer('organizations', organizations, variables),
    Me: () => ({ data: { me: { currentOrganizationId: 'org-1' } } }),
    UpdateOrganization: (variables) => {
      const input = variables['input'] as { id: string; name: string };
      return { data: { updateOrganization: { ...input, slug: 'x' } } };
    },
    CreateOrganization: (variables) => ({
      data: {
        createOrganization: {
          ...(organizations[0] as object),
          name: (variables['input'] as { name: string }).name,
        },
      },
    }),
    RevokeApiToken: (variables) =>
      variables['id'] === 'missing'
        ? { errors: [{ message: 'no API token missing', extensions: { code: 'NOT_FOUND' } }] }
        : { data: { revokeApiToken: { id: variables['id'], name: 'ci', revokedAt: null } } },
  });
  await signedInConfig(configPath, server.url);
});

beforeEach(() => {
  server.calls.length = 0;
});

afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

describe('listCommand (org list)', () => {
  it('follows pages up to --limit and prints the columns, worked out per caller (the current organization)', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['org', 'list', '--limit', '3'], runtime)).toBe(ExitCode.OK);
    expect(written.out.split('\n').map((line) => line.split(/\s{3,}/).slice(0, 3))).toEqual([
      ['CURRENT', 'NAME', 'ID'],
      ['-', 'Org 0', 'org-0'],
      ['*', 'Org 1', 'org-1'],
      ['-', 'Org 2', 'org-2'],
      [''],
    ]);
    expect(server.calls.filter((c) => c.operationName === 'Organizations').map((c) => c.variables)).toEqual([
      { first: 3 },
      { first: 1, after: '2' },
    ]);
  });

  it('prints the items themselves with -o json, without asking for what only the table shows', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['-o', 'json', 'org', 'list'], runtime)).toBe(ExitCode.OK);
    expect(JSON.parse(written.out)).toEqual(organizations);
    expect(server.calls.map((c) => c.operationName)).not.toContain('Me');
  });

  it('refuses a --limit that is not a positive whole number, naming the option', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['org', 'list', '--limit', '0'], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain('--limit must be a whole number of at least 1');
  });
});

describe('mutationCommand', () => {
  it('passes the arguments in usage order and says what happened on standard error only', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['org', 'rename', 'org-3', 'Renamed'], runtime)).toBe(ExitCode.OK);
    expect(server.calls).toEqual([
      { operationName: 'UpdateOrganization', variables: { input: { id: 'org-3', name: 'Renamed' } } },
    ]);
    expect(written.out).toBe('');
    expect(written.err).toBe('Organization org-3 renamed to Renamed\n');
  });

  it('prints the result as a one-row table, or the result itself with -o yaml', async () => {
    const table = testRuntime(configPath);
    const yaml = testRuntime(configPath);

    expect(await run(['org', 'create', 'Acme'], table.runtime)).toBe(ExitCode.OK);
    expect(await run(['org', 'create', 'Acme', '-o', 'yaml'], yaml.runtime)).toBe(ExitCode.OK);
    expect(table.written.out).toBe('NAME   ID      ROLE\nAcme   org-0   OWNER\n');
    expect(yaml.written.out).toContain('name: Acme\n');
    expect(yaml.written.out).toContain('slug: org-0\n');
  });

  it('exits with the documented code when the server says what was named does not exist', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['token', 'revoke', 'missing'], runtime)).toBe(ExitCode.NOT_FOUND);
    expect(written.err).toContain('error: no API token missing');
  });
});
