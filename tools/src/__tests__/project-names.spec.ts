import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * One name per project (issue 9): the folder gives the Nx project name and the package is `@meshplane/<that name>`.
 * `libs/platform/<x>`, `services/<x>`, `examples/<x>` and top-level folders are `<x>`; a feature of one service,
 * `libs/<scope>/<x>`, is `<scope>-<x>` (a feature is named with its service, so `meshsync-inventory`, never a bare
 * `inventory` that another service could also want). A reference adapter, `adapters/<mesh>`, is `<mesh>-adapter`
 * (`istio-adapter`, never a bare `istio`).
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

function projectDirs(): string[] {
  const patterns = (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }
  ).workspaces;
  return patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
      : [pattern],
  );
}

export function expectedName(dir: string): string {
  const parts = dir.split('/');
  if (parts[0] === 'libs' && parts.length === 3 && parts[1] !== 'platform') return `${parts[1]}-${parts[2]}`;
  if (parts[0] === 'adapters' && parts.length === 2) return `${parts[1]}-adapter`;
  return parts.at(-1) ?? dir;
}

describe('project names', () => {
  const dirs = projectDirs().filter((dir) => existsSync(join(repoRoot, dir, 'package.json')));

  it('finds the projects', () => {
    expect(dirs.length).toBeGreaterThan(25);
  });

  it.each(dirs)('%s: folder, Nx project and package agree', (dir) => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as { name: string };
    const project = JSON.parse(readFileSync(join(repoRoot, dir, 'project.json'), 'utf8')) as { name: string };
    expect({ nx: project.name, package: pkg.name }).toEqual({
      nx: expectedName(dir),
      package: `@meshplane/${expectedName(dir)}`,
    });
  });

  it('names a service feature with its scope', () => {
    expect(expectedName('libs/meshsync/inventory')).toBe('meshsync-inventory');
    expect(expectedName('libs/platform/auth')).toBe('auth');
    expect(expectedName('services/perf')).toBe('perf');
    expect(expectedName('adapters/istio')).toBe('istio-adapter');
  });
});
