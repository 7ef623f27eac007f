import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const scopes = [
  'gateway',
  'providers',
  'meshsync-ingest',
  'adapters-broker',
  'perf',
  'patterns',
  'conformance',
  'adapters',
];

/** Two dimensions: what kind of project may use what kind (type:*), and which service's code (scope:*). */
const depConstraints = [
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contract'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:contract'] },
  // Development infrastructure (embedded Postgres, nats-server): for the run command, tests and benchmarks, never for
  // a service, a feature or a platform library.
  { sourceTag: 'type:dev', onlyDependOnLibsWithTags: ['type:platform', 'type:contract'] },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contract', 'type:testing', 'type:dev'],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:provider', 'type:platform', 'type:contract'],
  },
  {
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contract', 'type:testing', 'type:dev'],
  },
  { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:client'] },
  // The sandbox cluster (the Kubernetes API test server and its simulated controller) is shipped to people as
  // `meshplane sandbox` as well as used by tests: tagged type:sandbox beside type:testing, it may use only what a
  // platform library may, and the CLI may use it (and nothing else of the testing libraries).
  { sourceTag: 'type:sandbox', onlyDependOnLibsWithTags: ['type:platform', 'type:contract'] },
  { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['type:client', 'type:platform', 'type:sandbox'] },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contract', 'type:testing', 'type:client', 'type:dev'],
  },
  {
    sourceTag: 'type:bench',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contract', 'type:testing', 'type:dev'],
  },
  { sourceTag: 'type:example', onlyDependOnLibsWithTags: ['type:platform', 'type:contract'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...scopes.map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
  })),
];

/** Tests may additionally use the testing libraries and the development infrastructure (Postgres/NATS launchers). */
function boundaries(inTests) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      banTransitiveDependencies: false,
      depConstraints: inTests
        ? depConstraints.map((c) =>
            c.sourceTag.startsWith('type:')
              ? {
                  ...c,
                  onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing', 'type:dev'],
                }
              : c,
          )
        : depConstraints,
    },
  ];
}

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
      parserOptions: {
        // ONE TypeScript program over every file (tsconfig.eslint.json: the base options every project uses, packages
        // resolved to their sources as in the build): each file is parsed and checked once. Per-project programs
        // (the project service) re-checked the sources of every referenced package in each of ~70 programs: the
        // same findings in ~100 s instead of ~30 s.
        project: ['./tsconfig.eslint.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
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
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/test/**/*.ts',
      '**/__tests__/**/*.ts',
    ],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  prettier,
];
