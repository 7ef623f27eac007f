import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface StaticAsset {
  body: Buffer;
  contentType: string;
}

const require = createRequire(import.meta.url);

/** Files GraphiQL needs, served by the gateway itself so the page works offline (no CDN). */
const SOURCES: Record<string, { pkg: string; file: string; contentType: string }> = {
  'react.production.min.js': {
    pkg: 'react',
    file: 'umd/react.production.min.js',
    contentType: 'text/javascript',
  },
  'react-dom.production.min.js': {
    pkg: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    contentType: 'text/javascript',
  },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css' },
};

/** Reads the assets once at startup: they are a few MB and never change while the process runs. */
export function loadGraphiqlAssets(): Map<string, StaticAsset> {
  return new Map(
    Object.entries(SOURCES).map(([name, { pkg, file, contentType }]) => [
      name,
      { body: readFileSync(join(packageDir(pkg), file)), contentType: `${contentType}; charset=utf-8` },
    ]),
  );
}

/** The UMD files are not in the packages' `exports`, so resolve the entry and climb to the package root. */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  while (!isPackageRoot(dir, pkg)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${pkg} package directory`);
    dir = parent;
  }
  return dir;
}

function isPackageRoot(dir: string, pkg: string): boolean {
  const manifest = join(dir, 'package.json');
  return (
    existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg
  );
}
