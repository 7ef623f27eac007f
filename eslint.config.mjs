import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.data/**',
      '.nx/**',
      '**/generated/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contract'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contract', 'type:testing'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:feature', 'type:provider', 'type:platform', 'type:contract'],
            },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contract', 'type:testing'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contract', 'type:testing'],
            },
            {
              sourceTag: 'type:bench',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contract', 'type:testing'],
            },
            { sourceTag: 'type:example', onlyDependOnLibsWithTags: ['type:platform', 'type:contract'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
            { sourceTag: 'scope:providers', onlyDependOnLibsWithTags: ['scope:providers', 'scope:shared'] },
            {
              sourceTag: 'scope:meshsync-ingest',
              onlyDependOnLibsWithTags: ['scope:meshsync-ingest', 'scope:shared'],
            },
            {
              sourceTag: 'scope:adapters-broker',
              onlyDependOnLibsWithTags: ['scope:adapters-broker', 'scope:shared'],
            },
            { sourceTag: 'scope:perf', onlyDependOnLibsWithTags: ['scope:perf', 'scope:shared'] },
            { sourceTag: 'scope:patterns', onlyDependOnLibsWithTags: ['scope:patterns', 'scope:shared'] },
            {
              sourceTag: 'scope:conformance',
              onlyDependOnLibsWithTags: ['scope:conformance', 'scope:shared'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@meshplane/*/src/*', '@meshplane/*/dist/*'],
              message: 'Import a project only through its public entry.',
            },
          ],
        },
      ],
    },
  },
  prettier,
];
