import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Hive Gateway, one of the gateway bench's peers, lives in its own package (`bench/peers/hive-gateway`: a pinned
 * manifest and lockfile) and is installed on demand, never by the project's `npm install`: its ~750 packages (a
 * GraphiQL laboratory, every OpenTelemetry exporter, …) made that install ~30 s longer and `node_modules` 0.5 GB
 * bigger for everyone, for a benchmark peer. `npm run bench:gateway` installs it first (`bench:peers`: `npm ci`
 * there, once); the bench itself never installs anything (it talks to loopback only). Smoke mode uses it only when
 * it is installed.
 */
export const HIVE_PEER_DIR = fileURLToPath(new URL('../../peers/hive-gateway/', import.meta.url));
const PACKAGE_DIR = join(HIVE_PEER_DIR, 'node_modules', '@graphql-hive', 'gateway');

export function hivePeerInstalled(): boolean {
  return existsSync(join(PACKAGE_DIR, 'package.json'));
}

/** The URL of the installed package's ESM entry (its `exports` "import" condition). */
export function hivePeerEntryUrl(): string {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
    exports: { '.': { import: { default: string } } };
  };
  return pathToFileURL(join(PACKAGE_DIR, manifest.exports['.'].import.default)).href;
}
