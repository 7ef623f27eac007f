import { readFileSync } from 'node:fs';

/** Reads `version` from the package.json one level above the calling module (works from src/ and dist/ alike). */
export function packageVersion(moduleUrl: string): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', moduleUrl), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
