import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../tools/vitest-aliases.js';

export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'e2e',
    root: new URL('.', import.meta.url).pathname,
    include: ['src/**/*.e2e-spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
