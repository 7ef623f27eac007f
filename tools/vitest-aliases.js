// Maps every workspace package (@meshplane/*) to its TypeScript entry so tests run from source, unbuilt.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function workspaceAliases() {
  return workspacePackages().flatMap(({ name, dir }) => {
    const { exports = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    // The package itself and each subpath export (`@meshplane/contracts/grpc`) that names its source.
    return Object.entries(exports)
      .filter(([, target]) => typeof target?.['@meshplane/source'] === 'string')
      .map(([subpath, target]) => ({
        find: new RegExp(`^${(name + subpath.slice(1)).replaceAll('/', '\\/')}$`),
        replacement: join(dir, target['@meshplane/source']),
      }));
  });
}

/** Every workspace package with a TypeScript entry (src/index.ts): its name and directory. */
export function workspacePackages() {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const packages = [];
  for (const pattern of rootPkg.workspaces) {
    const dirs = pattern.endsWith('/*') ? listDirs(join(root, pattern.slice(0, -2))) : [join(root, pattern)];
    for (const dir of dirs) {
      const pkgFile = join(dir, 'package.json');
      if (!existsSync(pkgFile) || !existsSync(join(dir, 'src', 'index.ts'))) continue;
      packages.push({ name: JSON.parse(readFileSync(pkgFile, 'utf8')).name, dir });
    }
  }
  return packages;
}

function listDirs(parent) {
  return readdirSyncSafe(parent).map((d) => join(parent, d));
}

function readdirSyncSafe(parent) {
  try {
    return readdirSync(parent, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return [];
  }
}
