import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keys that protect data at rest must outlive one run: sealed signing keys and cluster credentials in
 * Postgres are unreadable without them. A local run keeps them next to the data they protect, in
 * `<dataDir>/run/secrets.json` (mode 0600, under the git-ignored data directory); an operator who sets a
 * variable overrides the stored value, and a production deployment sets them all from its secret store.
 */
export interface LocalSecrets {
  PROVIDERS_KEY_SECRET: string;
  CREDENTIALS_KEYS: string;
}

export function loadLocalSecrets(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): LocalSecrets {
  const dir = join(dataDir, 'run');
  const file = join(dir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    PROVIDERS_KEY_SECRET: stored.PROVIDERS_KEY_SECRET ?? randomBytes(32).toString('base64'),
    CREDENTIALS_KEYS: stored.CREDENTIALS_KEYS ?? `local1:${randomBytes(32).toString('base64')}`,
  };
  if (stored.PROVIDERS_KEY_SECRET === undefined || stored.CREDENTIALS_KEYS === undefined) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    renameSync(tmp, file);
  }
  return {
    PROVIDERS_KEY_SECRET: env['PROVIDERS_KEY_SECRET'] ?? secrets.PROVIDERS_KEY_SECRET,
    CREDENTIALS_KEYS: env['CREDENTIALS_KEYS'] ?? secrets.CREDENTIALS_KEYS,
  };
}
