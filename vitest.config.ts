import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './tools/vitest-aliases.js';

// SWC (not esbuild) so that decorator metadata reaches Nest's dependency injection in tests.
const swcPlugin = swc.vite({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
});

const exclude = ['**/node_modules/**', '**/dist/**', '.data/**'];
/** The build output (dist/) of a workspace package, outside node_modules. */
const BUILT_WORKSPACE_CODE = /^(?!.*\/node_modules\/).*\/dist\/.*\.js$/;
// Vitest's default is one worker fewer than the cores: a single worker on the 2-core CI machines, where the main
// process mostly waits. Every core runs tests instead.
const cores = availableParallelism();
/**
 * Unit test files that need a module graph of their own: they mock modules (`vi.mock` cannot replace a module another
 * file already loaded in the same worker) or install process-wide state (OpenTelemetry, Nest GraphQL types, metrics). `npm test` runs both unit
 * projects (`--project 'unit*'`).
 */
const UNIT_NEEDS_ISOLATION = [
  'libs/meshsync/connections/src/__tests__/import-bounds.spec.ts',
  'libs/platform/telemetry/src/__tests__/tracing-off.spec.ts',
  'libs/platform/k8s/src/__tests__/kube-request-spans.spec.ts',
  'libs/platform/runtime/src/logging/__tests__/logger-options.spec.ts',
  // Nest's GraphQL type metadata and prom-client's default registry are process-wide.
  'libs/platform/graphql/src/sdl/__tests__/emit-sdl.spec.ts',
  'libs/platform/graphql/src/pagination/__tests__/shared-list-types.spec.ts',
  'libs/platform/runtime/src/health/__tests__/health.controller.spec.ts',
];

// One graphql for everyone: Vite would pick the ESM build for our sources while Apollo's CommonJS packages load the CJS
// one, and graphql refuses schemas "from another module or realm".
const oneGraphql = { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') };
/** Unit and e2e tests run the workspace packages from source (`@meshplane/x` → its src/index.ts), unbuilt. */
const fromSource = { alias: [...workspaceAliases(), oneGraphql] };

/**
 * Integration test files run one per fresh process, except that the files of one package (which all load that
 * package from source and every other from its build, so nothing is loaded twice) share their worker's module
 * graph: Nest, TypeORM, Apollo and client-node are imported once per worker instead of once per file.
 */
const SHARED_WORKER_PACKAGES = [
  'libs/providers/identity',
  'libs/providers/tenancy',
  'services/gateway',
  'libs/meshsync/inventory',
  'libs/platform/messaging',
  'libs/platform/database',
  'services/adapters-broker',
  'services/meshsync-ingest',
];

function integrationProject(name: string, include: string[], extraExclude: string[], isolate: boolean) {
  return {
    extends: true as const,
    test: {
      name,
      include,
      exclude: [...exclude, 'e2e/**', ...extraExclude],
      environment: 'node' as const,
      // The test files and the sources beside them run through Vite; every workspace package they import
      // (`@meshplane/x`) loads from its build as plain Node modules, as in production. A package never loads twice
      // (source and build): tools/src/__tests__/integration-packages.spec.ts.
      server: { deps: { external: [BUILT_WORKSPACE_CODE] } },
      globalSetup: ['tools/vitest-built-check.js', 'libs/platform/testing/src/global-setup.ts'],
      // Processes (the tests start and kill child processes and servers); one more than the cores, as much of
      // the time goes to waiting on Postgres, nats-server and the services they start.
      pool: 'forks' as const,
      isolate,
      maxWorkers: cores + 1,
      sequence: { groupOrder: 1 },
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  };
}

function integrationProjects() {
  const shared = SHARED_WORKER_PACKAGES.map((dir) =>
    integrationProject(`integration-${dir.split('/').at(-1) ?? dir}`, [`${dir}/**/*.int-spec.ts`], [], false),
  );
  const rest = integrationProject(
    'integration',
    ['**/*.int-spec.ts'],
    SHARED_WORKER_PACKAGES.map((dir) => `${dir}/**`),
    true,
  );
  return [rest, ...shared];
}

export default defineConfig({
  plugins: [swcPlugin],
  resolve: { alias: [oneGraphql] },
  test: {
    projects: [
      {
        extends: true,
        resolve: fromSource,
        test: {
          name: 'unit',
          include: ['**/*.spec.ts'],
          exclude: [...exclude, ...UNIT_NEEDS_ISOLATION],
          environment: 'node',
          // Threads, and files share each worker's module graph (no isolation): importing Nest, TypeORM, Apollo and
          // client-node once per worker instead of once per file takes the layer from ~110 s to ~20 s on 2 cores.
          // A file that mocks modules or sets process-wide state goes into UNIT_NEEDS_ISOLATION instead.
          pool: 'threads',
          isolate: false,
          maxWorkers: cores,
          // Projects with their own worker counts run one after another when several are selected.
          sequence: { groupOrder: 0 },
          // Unit tests are fast, but `npm test` runs them beside the integration layer: a limit for a busy machine.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        resolve: fromSource,
        test: {
          name: 'unit-isolated',
          include: UNIT_NEEDS_ISOLATION,
          exclude,
          environment: 'node',
          pool: 'threads',
          maxWorkers: cores,
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
        },
      },
      ...integrationProjects(),
      {
        extends: true,
        resolve: fromSource,
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.e2e-spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
