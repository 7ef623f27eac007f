import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { run } from '../run.js';
import { scratchDir, signedInConfig, startFakeServer, testRuntime, type FakeServer } from './fake-server.js';

const CLUSTER_ID = '0b7e8a52-6f0e-4d7c-9a51-3d2c1b0a9f8e';
const ISTIO = '7b0c3f1e-2d4a-4c6b-9e8f-1a2b3c4d5e6f';
const ISTIO_2 = '8c1d4f2e-3e5b-4d7c-8f9a-2b3c4d5e6f70';

const adapterSummary = (id: string, name: string, health = 'SERVING') => ({
  id,
  name,
  address: null,
  operatorConfigured: true,
  tls: false,
  health: { status: health, lastError: null, lastCheckedAt: null, nextCheckAt: null, consecutiveFailures: 0 },
  info: { name, version: '0.1.0', mesh: 'istio', supportedMeshVersions: ['1.22.1', '1.23.0'], features: [] },
  createdAt: '2026-12-04T12:00:00.000Z',
});
const operationRun = (status: string) => ({
  id: 'op-9',
  idempotencyKey: 'op-9',
  adapterId: ISTIO,
  adapterName: 'istio-adapter',
  operation: 'install',
  category: 'install',
  connectionId: 'conn-2',
  namespace: 'istio-system',
  delete: false,
  dryRun: false,
  deadline: '2026-12-04T13:00:00.000Z',
  status,
  message: status === 'SUCCEEDED' ? 'Istio installed' : null,
  attempts: 1,
  cancelRequested: false,
  requestedBy: 'ada',
  createdAt: '2026-12-04T12:00:00.000Z',
  startedAt: null,
  finishedAt: null,
});

let server: FakeServer;
let dir: { path: string; remove: () => Promise<void> };
let configPath: string;
let adapters: ReturnType<typeof adapterSummary>[] = [];

beforeAll(async () => {
  dir = await scratchDir();
  configPath = join(dir.path, 'config');
  server = await startFakeServer({
    Clusters: () => ({
      data: {
        clusters: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: '1' },
          edges: [{ node: { id: CLUSTER_ID, name: 'sandbox' } }],
        },
      },
    }),
    Cluster: () => ({
      data: {
        cluster: {
          id: CLUSTER_ID,
          name: 'sandbox',
          connections: [
            { id: 'conn-1', name: 'old', status: 'DISCONNECTED' },
            { id: 'conn-2', name: 'sandbox', status: 'CONNECTED' },
          ],
        },
      },
    }),
    Adapters: () => ({
      data: {
        adapters: {
          totalCount: adapters.length,
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: adapters.map((node) => ({ node })),
        },
      },
    }),
    Adapter: (variables) => ({
      data: {
        adapter: {
          ...adapterSummary(variables['id'] as string, 'istio-adapter'),
          operations: [
            {
              name: 'install',
              displayName: 'Install',
              description: 'Installs Istio',
              category: 'install',
              versions: ['1.22.1', '1.23.0'],
              inputSchema: {},
              supportsDryRun: true,
              supportsDelete: true,
              idempotent: true,
            },
            {
              name: 'bookinfo',
              displayName: 'Bookinfo',
              description: 'sample',
              category: 'sample-application',
              versions: [],
              inputSchema: {},
              supportsDryRun: true,
              supportsDelete: true,
              idempotent: true,
            },
          ],
          components: [],
        },
      },
    }),
    RunAdapterOperation: () => ({ data: { runAdapterOperation: operationRun('PENDING') } }),
    AdapterOperations: () => ({
      data: {
        adapterOperations: {
          totalCount: 2,
          pageInfo: { hasNextPage: false, endCursor: '2' },
          edges: [
            { node: { ...operationRun('SUCCEEDED'), id: 'op-dry', dryRun: true } },
            { node: { ...operationRun('SUCCEEDED'), id: 'op-installed' } },
          ],
        },
      },
    }),
    AdapterOperation: () => ({
      data: {
        adapterOperation: {
          ...operationRun('SUCCEEDED'),
          input: { version: '1.22.1' },
          output: null,
          events: {
            pageInfo: { hasNextPage: false, endCursor: '1' },
            edges: [
              {
                node: {
                  sequence: 1,
                  severity: 'INFO',
                  summary: 'istiod ready',
                  details: null,
                  probableCause: [],
                  suggestedRemediation: [],
                  progressPercent: 100,
                  status: 'SUCCEEDED',
                  at: '2026-12-04T12:00:01.000Z',
                },
              },
            ],
          },
        },
      },
    }),
  });
  await signedInConfig(configPath, server.url);
});

beforeEach(() => {
  server.calls.length = 0;
  adapters = [adapterSummary(ISTIO, 'istio-adapter'), adapterSummary(ISTIO_2, 'istio-old', 'UNREACHABLE')];
});

afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

const runInput = () =>
  (server.calls.find((c) => c.operationName === 'RunAdapterOperation')?.variables as { input: unknown })
    .input;

describe('meshplane mesh install|upgrade|uninstall', () => {
  it('leaves --version to the command; alone, it prints the version', async () => {
    const { runtime, written } = testRuntime(configPath);
    expect(await run(['--version'], runtime)).toBe(ExitCode.OK);
    expect(written.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("installs through the mesh's serving adapter on the cluster's connected connection, following to the end", async () => {
    const { runtime, written } = testRuntime(configPath);
    const code = await run(
      ['mesh', 'install', 'istio', '--version', '1.22.1', '--cluster', 'sandbox'],
      runtime,
    );
    expect(code).toBe(ExitCode.OK);
    expect(server.calls.find((c) => c.operationName === 'Adapters')?.variables).toMatchObject({
      filter: { mesh: 'istio' },
    });
    expect(runInput()).toEqual({
      adapterId: ISTIO,
      operation: 'install',
      input: { version: '1.22.1' },
      connectionId: 'conn-2',
    });
    expect(written.err).toContain('install istio 1.22.1 on sandbox through istio-adapter: operation op-9');
    expect(written.out).toContain('istiod ready');
    expect(written.err).toContain('SUCCEEDED: Istio installed');
  });

  it('uninstalls with delete, and upgrades as an install of the other version', async () => {
    const { runtime } = testRuntime(configPath);
    expect(await run(['mesh', 'uninstall', 'istio', '--cluster', 'sandbox', '--detach'], runtime)).toBe(
      ExitCode.OK,
    );
    // The version the install operation needs even to undo it: the one last installed there (not a dry run).
    expect(server.calls.find((c) => c.operationName === 'AdapterOperations')?.variables).toMatchObject({
      filter: { adapterId: ISTIO, connectionId: 'conn-2', status: ['SUCCEEDED'] },
    });
    expect(server.calls.find((c) => c.operationName === 'AdapterOperation')?.variables).toEqual({
      id: 'op-installed',
    });
    expect(runInput()).toMatchObject({
      operation: 'install',
      input: { version: '1.22.1' },
      delete: true,
      connectionId: 'conn-2',
    });
    server.calls.length = 0;
    expect(
      await run(
        ['mesh', 'upgrade', 'istio', '--version', '1.23.0', '--cluster', 'sandbox', '--key', 'up-1'],
        runtime,
      ),
    ).toBe(ExitCode.OK);
    expect(runInput()).toMatchObject({ input: { version: '1.23.0' }, idempotencyKey: 'up-1' });
  });

  it('refuses, before running anything, a version the adapter does not install and an ambiguous or missing adapter', async () => {
    const { runtime, written } = testRuntime(configPath);
    expect(
      await run(['mesh', 'install', 'istio', '--version', '9.9.9', '--cluster', 'sandbox'], runtime),
    ).toBe(ExitCode.USAGE);
    expect(written.err).toContain('versions it installs: 1.22.1, 1.23.0');
    adapters = [adapterSummary(ISTIO, 'istio-adapter'), adapterSummary(ISTIO_2, 'istio-canary')];
    expect(
      await run(['mesh', 'install', 'istio', '--version', '1.22.1', '--cluster', 'sandbox'], runtime),
    ).toBe(ExitCode.USAGE);
    expect(written.err).toContain('2 adapters manage istio: istio-adapter, istio-canary');
    adapters = [adapterSummary(ISTIO_2, 'istio-old', 'UNREACHABLE')];
    expect(
      await run(['mesh', 'install', 'istio', '--version', '1.22.1', '--cluster', 'sandbox'], runtime),
    ).toBe(ExitCode.NOT_FOUND);
    expect(written.err).toContain('no serving adapter manages istio (1 known, none SERVING)');
    expect(await run(['mesh', 'install', 'istio', '--cluster', 'sandbox'], runtime)).toBe(ExitCode.USAGE);
    expect(server.calls.some((c) => c.operationName === 'RunAdapterOperation')).toBe(false);
  });
});
