import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readlink, stat, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Whether every ancestor of `dir` lets others traverse it (what the `postgres` user needs when we run as root). */
export async function isReachableByPostgresUser(dir: string): Promise<boolean> {
  if (process.getuid?.() !== 0) return true;
  for (let current = dirname(resolve(dir)); ; current = dirname(current)) {
    // A directory not created yet will get the usual 0755: only existing ones can block.
    const mode = (await stat(current).catch(() => undefined))?.mode ?? 0o755;
    if ((mode & 0o001) === 0) return false;
    if (current === dirname(current)) return true;
  }
}

/**
 * Where the cluster for `wanted` really lives. Usually `wanted` itself; but as root, Postgres runs as the `postgres`
 * user, which cannot enter a 0700 ancestor such as /root or a fresh clone under a mkdtemp directory. Then the
 * cluster goes under /var/tmp and `wanted` becomes a symlink to it, so it is still found (and reused) at `wanted`.
 */
export async function postgresDataLocation(
  wanted: string,
  log: (line: string) => void = () => undefined,
): Promise<string> {
  const path = resolve(wanted);
  const existing = await lstat(path).catch(() => undefined);
  if (existing?.isSymbolicLink()) return resolve(dirname(path), await readlink(path));
  if (existing || (await isReachableByPostgresUser(path))) return path;
  const target = join('/var/tmp', `meshplane-postgres-${randomBytes(6).toString('hex')}`);
  await mkdir(target, { recursive: true, mode: 0o700 });
  await mkdir(dirname(path), { recursive: true });
  await symlink(target, path);
  log(`PostgreSQL's user cannot reach ${path}; its data lives in ${target} (linked from there)`);
  return target;
}
