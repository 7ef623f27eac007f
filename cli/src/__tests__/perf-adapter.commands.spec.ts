import { readFile, stat, writeFile } from 'node:fs/promises';
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

const profiles = Array.from({ length: 3 }, (_, i) => ({
  id: `p-${i}`,
  name: `checkout-${i}`,
  endpoints: ['http://127.0.0.1:8080/'],
  durationMs: 30_000,
  loadModel: i === 1 ? 'OPEN' : 'CLOSED',
  concurrency: i === 1 ? null : 10,
  rate: i === 1 ? 500 : null,
  connections: i === 1 ? 20 : null,
  generator: 'MESHPLANE',
  protocol: 'HTTP1',
  method: 'GET',
  headers: { accept: 'text/html' },
  body: null,
  workers: 1,
  labels: {},
  version: 1,
  createdBy: 'ada@test',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
}));

const adapter = {
  id: 'a-1',
  name: 'meshplane-istio',
  address: '127.0.0.1:10000',
  operatorConfigured: false,
  tls: false,
  health: {
    status: 'SERVING',
    lastError: null,
    lastCheckedAt: new Date().toISOString(),
    nextCheckAt: new Date().toISOString(),
    consecutiveFailures: 0,
  },
  info: {
    name: 'meshplane-istio',
    version: '1.2.0',
    mesh: 'istio',
    supportedMeshVersions: ['1.22'],
    features: [],
  },
  createdAt: new Date().toISOString(),
};
const catalogue = {
  operations: [
    {
      name: 'istio-install',
      displayName: 'Install Istio',
      description: 'installs the control plane',
      category: 'INSTALL',
      versions: [],
      inputSchema: { type: 'object' },
      supportsDryRun: true,
      supportsDelete: true,
      idempotent: true,
    },
  ],
  components: [],
};

const notFound = (what: string) => ({
  errors: [{ message: `no ${what}`, extensions: { code: 'NOT_FOUND' } }],
});

let server: FakeServer;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let configPath: string;

beforeAll(async () => {
  dir = await scratchDir();
  configPath = join(dir.path, 'config.yaml');
  server = await startFakeServer({
    // Two per page.
    PerformanceProfiles: (variables) => pagedAnswer('performanceProfiles', profiles, variables),
    PerformanceProfile: (variables) => {
      const found = profiles.find((p) => p.id === variables['id']);
      return found
        ? { data: { performanceProfile: found } }
        : notFound(`performance profile ${String(variables['id'])}`);
    },
    DeletePerformanceProfile: (variables) =>
      variables['id'] === 'missing'
        ? notFound('performance profile missing')
        : { data: { deletePerformanceProfile: variables['id'] } },
    ImportPerformanceProfile: (variables) =>
      String(variables['document']).includes('bad-duration')
        ? {
            errors: [
              {
                message: 'must look like 30s or 2m',
                extensions: { code: 'BAD_USER_INPUT', field: 'duration' },
              },
            ],
          }
        : { data: { importPerformanceProfile: { ...profiles[0], id: 'p-new', name: 'imported' } } },
    ExportPerformanceProfile: (variables) =>
      variables['id'] === 'missing'
        ? notFound('performance profile missing')
        : {
            data: {
              exportPerformanceProfile:
                variables['format'] === 'JSON'
                  ? '{"name":"checkout-0"}'
                  : 'name: checkout-0\nduration: 30s\n',
            },
          },
    Adapters: () => ({
      data: {
        adapters: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: '1' },
          edges: [{ node: adapter }],
        },
      },
    }),
    Adapter: (variables) =>
      variables['id'] === adapter.id
        ? { data: { adapter: { ...adapter, ...catalogue } } }
        : notFound(`adapter ${String(variables['id'])}`),
    RegisterAdapter: (variables) => {
      const input = variables['input'] as { address: string; tls?: unknown };
      if (input.address === '127.0.0.1:2')
        return {
          errors: [{ message: 'only admins may register adapters', extensions: { code: 'FORBIDDEN' } }],
        };
      return {
        data: { registerAdapter: { ...adapter, id: 'a-2', address: input.address, tls: Boolean(input.tls) } },
      };
    },
    UnregisterAdapter: (variables) =>
      variables['id'] === 'missing'
        ? notFound('adapter missing')
        : { data: { unregisterAdapter: variables['id'] !== 'gone' } },
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

const columnsOf = (out: string) => out.split('\n').map((line) => line.split(/\s{3,}/));

describe('meshplane perf profile', () => {
  it('list: passes the filter, follows pages and prints a table', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(
      await run(['perf', 'profile', 'list', '--name-contains', 'check', '--generator', 'meshplane'], runtime),
    ).toBe(ExitCode.OK);
    expect(server.calls.map((c) => c.variables)).toEqual([
      { first: 100, filter: { nameContains: 'check', generator: 'MESHPLANE' } },
      { first: 100, after: '2', filter: { nameContains: 'check', generator: 'MESHPLANE' } },
    ]);
    const rows = columnsOf(written.out);
    expect(rows[0]?.slice(0, 5)).toEqual(['NAME', 'ID', 'GENERATOR', 'LOAD', 'DURATION']);
    expect(rows.slice(1, 4).map((r) => r.slice(0, 5))).toEqual([
      ['checkout-0', 'p-0', 'MESHPLANE', 'closed ×10', '30s'],
      ['checkout-1', 'p-1', 'MESHPLANE', 'open 500/s over 20', '30s'],
      ['checkout-2', 'p-2', 'MESHPLANE', 'closed ×10', '30s'],
    ]);
  });

  it('list -o json prints the profiles themselves', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['-o', 'json', 'perf', 'profile', 'list'], runtime)).toBe(ExitCode.OK);
    expect(JSON.parse(written.out)).toEqual(profiles);
    expect(server.calls[0]?.variables).toEqual({ first: 100, filter: {} });
  });

  it('list refuses an unknown generator, naming the option, before asking the server', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['perf', 'profile', 'list', '--generator', 'ab'], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain('--generator: ab is not a load generator');
    expect(server.calls).toEqual([]);
  });

  it('get: every field as a table, the profile itself with -o json; NOT_FOUND exits 3', async () => {
    const table = testRuntime(configPath);
    const json = testRuntime(configPath);
    const missing = testRuntime(configPath);

    expect(await run(['perf', 'profile', 'get', 'p-1'], table.runtime)).toBe(ExitCode.OK);
    expect(await run(['perf', 'profile', 'get', 'p-1', '-o', 'json'], json.runtime)).toBe(ExitCode.OK);
    expect(await run(['perf', 'profile', 'get', 'nope'], missing.runtime)).toBe(ExitCode.NOT_FOUND);
    expect(server.calls.map((c) => c.variables)).toEqual([{ id: 'p-1' }, { id: 'p-1' }, { id: 'nope' }]);
    expect(columnsOf(table.written.out)).toContainEqual(['LOAD', 'open 500/s over 20']);
    expect(columnsOf(table.written.out)).toContainEqual(['HEADERS', 'accept=text/html']);
    expect(JSON.parse(json.written.out)).toEqual(profiles[1]);
    expect(missing.written.err).toContain('error: no performance profile nope');
  });

  it('delete: sends the id and says so on standard error; NOT_FOUND exits 3', async () => {
    const ok = testRuntime(configPath);
    const missing = testRuntime(configPath);

    expect(await run(['perf', 'profile', 'delete', 'p-2'], ok.runtime)).toBe(ExitCode.OK);
    expect(await run(['perf', 'profile', 'delete', 'missing'], missing.runtime)).toBe(ExitCode.NOT_FOUND);
    expect(server.calls).toEqual([
      { operationName: 'DeletePerformanceProfile', variables: { id: 'p-2' } },
      { operationName: 'DeletePerformanceProfile', variables: { id: 'missing' } },
    ]);
    expect(ok.written.out).toBe('');
    expect(ok.written.err).toBe('Performance profile p-2 deleted\n');
  });

  it('export: YAML on standard output by default, JSON with -o json', async () => {
    const yaml = testRuntime(configPath);
    const json = testRuntime(configPath);

    expect(await run(['perf', 'profile', 'export', 'p-0'], yaml.runtime)).toBe(ExitCode.OK);
    expect(await run(['perf', 'profile', 'export', 'p-0', '-o', 'json'], json.runtime)).toBe(ExitCode.OK);
    expect(server.calls.map((c) => c.variables)).toEqual([
      { id: 'p-0', format: 'YAML' },
      { id: 'p-0', format: 'JSON' },
    ]);
    expect(yaml.written.out).toBe('name: checkout-0\nduration: 30s\n');
    expect(json.written.out).toBe('{"name":"checkout-0"}\n');
  });

  it('export --file writes the document with mode 0644 (JSON for a .json file), even over a stricter file', async () => {
    const yamlFile = join(dir.path, 'out.yaml');
    const jsonFile = join(dir.path, 'out.json');
    await writeFile(jsonFile, 'old', { mode: 0o600 });
    const first = testRuntime(configPath);
    const second = testRuntime(configPath);

    expect(await run(['perf', 'profile', 'export', 'p-0', '--file', yamlFile], first.runtime)).toBe(
      ExitCode.OK,
    );
    expect(await run(['perf', 'profile', 'export', 'p-0', '--file', jsonFile], second.runtime)).toBe(
      ExitCode.OK,
    );
    expect(await readFile(yamlFile, 'utf8')).toBe('name: checkout-0\nduration: 30s\n');
    expect(await readFile(jsonFile, 'utf8')).toBe('{"name":"checkout-0"}\n');
    expect((await stat(yamlFile)).mode & 0o777).toBe(0o644);
    expect((await stat(jsonFile)).mode & 0o777).toBe(0o644);
    expect(first.written.out).toBe('');
    expect(first.written.err).toContain(`written to ${yamlFile}`);
  });

  it('export --file into a folder that does not exist: a usage error naming the option', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(
      await run(['perf', 'profile', 'export', 'p-0', '--file', join(dir.path, 'no', 'x.yaml')], runtime),
    ).toBe(ExitCode.USAGE);
    expect(written.err).toContain('--file: cannot write');
    expect(written.err).toContain('ENOENT');
  });

  it('export of a profile that does not exist exits 3', async () => {
    const { runtime } = testRuntime(configPath);

    expect(await run(['perf', 'profile', 'export', 'missing'], runtime)).toBe(ExitCode.NOT_FOUND);
  });
});

describe('meshplane perf apply', () => {
  const smpYaml = 'name: imported\nendpoints: [http://127.0.0.1:8080/]\nduration: 30s\n';

  it('imports a YAML file as written, telling the format by its extension, and prints the new profile', async () => {
    const file = join(dir.path, 'smp.yaml');
    await writeFile(file, smpYaml);
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['perf', 'apply', '-f', file], runtime)).toBe(ExitCode.OK);
    expect(server.calls).toEqual([
      { operationName: 'ImportPerformanceProfile', variables: { document: smpYaml, format: 'YAML' } },
    ]);
    expect(columnsOf(written.out).slice(0, 2)).toEqual([
      ['NAME', 'ID', 'GENERATOR', 'LOAD'],
      ['imported', 'p-new', 'MESHPLANE', 'closed ×10'],
    ]);
    expect(written.err).toBe('Performance profile imported created (p-new)\n');
  });

  it('reads standard input with -f -, telling JSON by its content; -o json prints the profile', async () => {
    const document = '{"name":"imported","endpoints":["http://127.0.0.1:8080/"]}';
    const { runtime, written } = testRuntime(configPath, { stdin: document });

    expect(await run(['perf', 'apply', '-f', '-', '-o', 'json'], runtime)).toBe(ExitCode.OK);
    expect(server.calls[0]?.variables).toEqual({ document, format: 'JSON' });
    expect(JSON.parse(written.out)).toMatchObject({ id: 'p-new', name: 'imported' });
  });

  it('a file that does not exist: exit 1 naming it, nothing sent', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['perf', 'apply', '-f', join(dir.path, 'absent.yaml')], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain(`-f: cannot read ${join(dir.path, 'absent.yaml')}: ENOENT`);
    expect(server.calls).toEqual([]);
  });

  it('a file that is not YAML, or JSON that does not parse, or not a mapping: exit 1, nothing sent', async () => {
    const notYaml = join(dir.path, 'broken.yaml');
    const notJson = join(dir.path, 'broken.json');
    const list = join(dir.path, 'list.yml');
    await writeFile(notYaml, 'name: [unclosed\n  endpoints: {\n');
    await writeFile(notJson, 'name: checkout');
    await writeFile(list, '- a\n- b\n');
    const yaml = testRuntime(configPath);
    const json = testRuntime(configPath);
    const mapping = testRuntime(configPath);

    expect(await run(['perf', 'apply', '-f', notYaml], yaml.runtime)).toBe(ExitCode.USAGE);
    expect(await run(['perf', 'apply', '-f', notJson], json.runtime)).toBe(ExitCode.USAGE);
    expect(await run(['perf', 'apply', '-f', list], mapping.runtime)).toBe(ExitCode.USAGE);
    expect(yaml.written.err).toContain(`-f: ${notYaml} is not a YAML document`);
    expect(json.written.err).toContain(`-f: ${notJson} is not a JSON document`);
    expect(mapping.written.err).toContain('expected a mapping of fields, found a list');
    expect(server.calls).toEqual([]);
  });

  it('without -f: a usage error', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['perf', 'apply'], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain("required option '-f, --file <file>' not specified");
  });

  it('a document the server refuses: exit 1 with the field named', async () => {
    const file = join(dir.path, 'bad.yaml');
    await writeFile(file, 'name: bad-duration\nduration: soon\n');
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['perf', 'apply', '-f', file], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain('error: duration: must look like 30s or 2m');
    expect(written.err).toContain('correct the value given for duration');
  });
});

describe('meshplane adapter', () => {
  it('list: passes health (comma-separated, any case) and mesh, prints a table or the adapters with -o json', async () => {
    const table = testRuntime(configPath);
    const json = testRuntime(configPath);

    expect(
      await run(['adapter', 'list', '--health', 'serving,not-serving', '--mesh', 'istio'], table.runtime),
    ).toBe(ExitCode.OK);
    expect(await run(['adapter', 'list', '-o', 'json'], json.runtime)).toBe(ExitCode.OK);
    expect(server.calls.map((c) => c.variables)).toEqual([
      { first: 100, filter: { health: ['SERVING', 'NOT_SERVING'], mesh: 'istio' } },
      { first: 100, filter: {} },
    ]);
    expect(
      columnsOf(table.written.out)
        .slice(0, 2)
        .map((r) => r.slice(0, 7)),
    ).toEqual([
      ['NAME', 'ID', 'ADDRESS', 'HEALTH', 'MESH', 'VERSION', 'SOURCE'],
      ['meshplane-istio', 'a-1', '127.0.0.1:10000', 'SERVING', 'istio', '1.2.0', 'organization'],
    ]);
    expect(JSON.parse(json.written.out)).toEqual([adapter]);
  });

  it("list shows the operator's adapters without an address (the server hides where they run)", async () => {
    const operatorServer = await startFakeServer({
      Adapters: () => ({
        data: {
          adapters: {
            totalCount: 1,
            pageInfo: { hasNextPage: false, endCursor: '1' },
            edges: [{ node: { ...adapter, id: 'a-op', address: null, operatorConfigured: true } }],
          },
        },
      }),
    });
    const dir = await scratchDir();
    try {
      const operatorConfig = join(dir.path, 'config.yaml');
      await signedInConfig(operatorConfig, operatorServer.url);
      const table = testRuntime(operatorConfig);
      expect(await run(['adapter', 'list'], table.runtime)).toBe(ExitCode.OK);
      expect(columnsOf(table.written.out)[1]?.slice(1, 3)).toEqual(['a-op', '(operator network)']);
    } finally {
      await operatorServer.stop();
      await dir.remove();
    }
  });

  it('list refuses an unknown health state, naming the option', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['adapter', 'list', '--health', 'fine'], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain('--health: fine is not an adapter health state');
    expect(server.calls).toEqual([]);
  });

  it('get: fields and the operations catalogue; -o json the adapter; NOT_FOUND exits 3', async () => {
    const table = testRuntime(configPath);
    const json = testRuntime(configPath);
    const missing = testRuntime(configPath);

    expect(await run(['adapter', 'get', 'a-1'], table.runtime)).toBe(ExitCode.OK);
    expect(await run(['adapter', 'get', 'a-1', '-o', 'json'], json.runtime)).toBe(ExitCode.OK);
    expect(await run(['adapter', 'get', 'nope'], missing.runtime)).toBe(ExitCode.NOT_FOUND);
    const rows = columnsOf(table.written.out);
    expect(rows).toContainEqual(['HEALTH', 'SERVING']);
    expect(rows).toContainEqual(['MESH', 'istio (1.22)']);
    expect(rows).toContainEqual(['NAME', 'CATEGORY', 'VERSIONS', 'DRY-RUN', 'DELETE', 'DESCRIPTION']);
    expect(rows).toContainEqual([
      'istio-install',
      'INSTALL',
      'all',
      'yes',
      'yes',
      'installs the control plane',
    ]);
    expect(JSON.parse(json.written.out)).toEqual({ ...adapter, ...catalogue });
    expect(missing.written.err).toContain('error: no adapter nope');
  });

  it('register: plaintext by address, or TLS with the CA read from --ca-file and --server-name', async () => {
    const ca = join(dir.path, 'ca.pem');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    await writeFile(ca, pem);
    const plain = testRuntime(configPath);
    const tls = testRuntime(configPath);

    expect(await run(['adapter', 'register', '--address', '127.0.0.1:10000'], plain.runtime)).toBe(
      ExitCode.OK,
    );
    expect(
      await run(
        [
          'adapter',
          'register',
          '--address',
          '[::1]:10001',
          '--ca-file',
          ca,
          '--server-name',
          'istio.adapters',
        ],
        tls.runtime,
      ),
    ).toBe(ExitCode.OK);
    expect(server.calls.map((c) => c.variables)).toEqual([
      { input: { address: '127.0.0.1:10000' } },
      { input: { address: '[::1]:10001', tls: { caPem: pem, serverName: 'istio.adapters' } } },
    ]);
    expect(columnsOf(plain.written.out)[1]).toEqual(['meshplane-istio', 'a-2', '127.0.0.1:10000', 'SERVING']);
    expect(plain.written.err).toContain('Adapter 127.0.0.1:10000 registered (a-2)');
  });

  it('register: a CA file that is missing or holds no certificate, or --server-name alone: exit 1, nothing sent', async () => {
    const notPem = join(dir.path, 'ca.txt');
    await writeFile(notPem, 'hello');
    const missing = testRuntime(configPath);
    const garbage = testRuntime(configPath);
    const alone = testRuntime(configPath);
    const address = ['adapter', 'register', '--address', '127.0.0.1:1'];

    expect(await run([...address, '--ca-file', join(dir.path, 'none.pem')], missing.runtime)).toBe(
      ExitCode.USAGE,
    );
    expect(await run([...address, '--ca-file', notPem], garbage.runtime)).toBe(ExitCode.USAGE);
    expect(await run([...address, '--server-name', 'x'], alone.runtime)).toBe(ExitCode.USAGE);
    expect(missing.written.err).toContain('--ca-file: cannot read');
    expect(garbage.written.err).toContain('--ca-file: ' + notPem + ' holds no PEM certificate');
    expect(alone.written.err).toContain('--server-name needs --ca-file');
    expect(server.calls).toEqual([]);
  });

  it('unregister: sends the id and says so; NOT_FOUND exits 3', async () => {
    const ok = testRuntime(configPath);
    const missing = testRuntime(configPath);

    expect(await run(['adapter', 'unregister', 'a-1'], ok.runtime)).toBe(ExitCode.OK);
    expect(await run(['adapter', 'unregister', 'missing'], missing.runtime)).toBe(ExitCode.NOT_FOUND);
    expect(server.calls.map((c) => c.variables)).toEqual([{ id: 'a-1' }, { id: 'missing' }]);
    expect(ok.written.err).toBe('Adapter a-1 unregistered\n');
  });

  it('unregister: an answer of false (nothing removed) exits 3 too', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['adapter', 'unregister', 'gone'], runtime)).toBe(ExitCode.NOT_FOUND);
    expect(written.err).toContain('error: no adapter gone to unregister');
  });

  it('register refused by the role (FORBIDDEN): exit 2 with a hint to ask an admin', async () => {
    const { runtime, written } = testRuntime(configPath);

    expect(await run(['adapter', 'register', '--address', '127.0.0.1:2'], runtime)).toBe(ExitCode.AUTH);
    expect(written.err).toContain('error: only admins may register adapters');
    expect(written.err).toContain('ask an owner or admin');
  });
});
