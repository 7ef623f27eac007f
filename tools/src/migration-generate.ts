import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKEND_SERVICES } from './run/service-catalog.js';

/** `npm run migration:generate -- <service> <PascalName>`: delegates to that service's own migrate.js. */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const [service, name] = process.argv.slice(2);
if (!service || !name || !BACKEND_SERVICES.some((s) => s.name === service)) {
  process.stderr.write(
    `usage: npm run migration:generate -- <service> <PascalName>\nservices: ${BACKEND_SERVICES.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  [join(repoRoot, 'services', service, 'dist', 'migrate.js'), 'generate', name],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
