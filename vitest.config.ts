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
// Vitest's default is one worker fewer than the cores: a single worker on the 2-core CI machines, where the main
// process mostly waits. Every core runs tests instead.
const cores = availableParallelism();

export default defineConfig({
  plugins: [swcPlugin],
  resolve: {
    alias: [
      ...workspaceAliases(),
      // One graphql for everyone: Vite would pick the ESM build for our sources while Apollo's CommonJS packages load
      // the CJS one, and graphql refuses schemas "from another module or realm".
      { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.spec.ts'],
          exclude,
          environment: 'node',
          // Threads start faster than processes; each file still gets a fresh module graph (isolation stays on:
          // Nest's GraphQL type metadata is global, so schemas of one file would leak into the next).
          pool: 'threads',
          maxWorkers: cores,
          // Projects with their own worker counts run one after another when several are selected.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int-spec.ts'],
          exclude: [...exclude, 'e2e/**'],
          environment: 'node',
          globalSetup: ['libs/platform/testing/src/global-setup.ts'],
          // Processes (the tests start and kill child processes and servers); one more than the cores, as much of
          // the time goes to waiting on Postgres, nats-server and the services they start.
          pool: 'forks',
          maxWorkers: cores + 1,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
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
