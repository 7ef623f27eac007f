// Maps every workspace package (@meshplane/*) to its TypeScript entry so tests run from source, unbuilt.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function workspaceAliases() {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const aliases = [];
  for (const pattern of rootPkg.workspaces) {
    const dirs = pattern.endsWith('/*') ? listDirs(join(root, pattern.slice(0, -2))) : [join(root, pattern)];
    for (const dir of dirs) {
      const pkgFile = join(dir, 'package.json');
      const entry = join(dir, 'src', 'index.ts');
      if (!existsSync(pkgFile) || !existsSync(entry)) continue;
      const { name } = JSON.parse(readFileSync(pkgFile, 'utf8'));
      aliases.push({ find: new RegExp(`^${name.replace('/', '\\/')}$`), replacement: entry });
    }
  }
  return aliases;
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
