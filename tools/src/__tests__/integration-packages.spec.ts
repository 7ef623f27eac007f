import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript shared with vitest.config.ts, no declarations
import { workspacePackages } from '../../vitest-aliases.js';

/**
 * The integration project runs a test file and the sources beside it through Vite, but loads every `@meshplane/x` it
 * imports from that package's build (vitest.config.ts). A package must then never be loaded twice: if a test of
 * package P imported a package Q whose build depends on P, Q would bring P's build next to the P sources the test
 * uses, and two copies of a class (a DI token, an `instanceof`) would quietly disagree. This keeps that impossible.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const packages = (workspacePackages() as { name: string; dir: string }[]).map((p) => ({
  name: p.name,
  dir: relative(repoRoot, p.dir),
}));

function runtimeDependencies(name: string): string[] {
  const pkg = packages.find((p) => p.name === name);
  if (!pkg) return [];
  const manifest = JSON.parse(readFileSync(join(repoRoot, pkg.dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@meshplane/'));
}

/** Every workspace package `name`'s build loads, itself excluded. */
export function loadedBy(name: string, seen = new Set<string>()): Set<string> {
  for (const dependency of runtimeDependencies(name)) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    loadedBy(dependency, seen);
  }
  return seen;
}

/** Workspace packages a test file's directory imports by name (the file and its helpers beside it). */
function importedByTests(files: string[]): Set<string> {
  const imported = new Set<string>();
  for (const file of files)
    for (const match of readFileSync(join(repoRoot, file), 'utf8').matchAll(
      /from '(@meshplane\/[a-z0-9-]+)'/g,
    ))
      if (match[1]) imported.add(match[1]);
  return imported;
}

describe('integration test files and the packages they load from builds', () => {
  const testFiles = execFileSync('git', ['ls-files', '*.int-spec.ts'], { cwd: repoRoot, encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter(Boolean);
  const tsFiles = execFileSync('git', ['ls-files', '*.ts'], { cwd: repoRoot, encoding: 'utf8' })
    .trim()
    .split('\n');

  it('finds them', () => {
    expect(testFiles.length).toBeGreaterThan(40);
  });

  it.each(testFiles)('%s loads no build of its own package', (file) => {
    const own = packages.find((p) => file.startsWith(`${p.dir}/`));
    expect(own, `${file} belongs to no workspace package`).toBeDefined();
    const helpers = tsFiles.filter((f) => dirname(f) === dirname(file));
    const offenders = [...importedByTests(helpers), ...runtimeDependencies(own?.name ?? '')].filter(
      (name) => name !== own?.name && loadedBy(name).has(own?.name ?? ''),
    );
    expect(offenders).toEqual([]);
  });

  it('would notice a package whose build depends on the one under test (the check is not blind)', () => {
    // service-kit's build loads runtime: a runtime test importing service-kit would load runtime twice.
    expect(loadedBy('@meshplane/service-kit').has('@meshplane/runtime')).toBe(true);
  });
});
