import { createRequire } from 'node:module';
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
        test: { name: 'unit', include: ['**/*.spec.ts'], exclude, environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int-spec.ts'],
          exclude: [...exclude, 'e2e/**'],
          environment: 'node',
          globalSetup: ['libs/platform/testing/src/global-setup.ts'],
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
        },
      },
    ],
  },
});
