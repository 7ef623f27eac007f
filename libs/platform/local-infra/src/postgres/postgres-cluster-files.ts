import { randomBytes } from 'node:crypto';
import { access, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isProcessAlive, processCommandLine, terminateProcess } from '../process/process-liveness.js';

// Written only after initdb succeeded, so its presence also marks a completely initialised cluster.
const PASSWORD_FILE = 'meshplane-superuser.password';

export type ClusterState = { kind: 'empty' } | { kind: 'ready'; password: string } | { kind: 'incomplete' };

export async function inspectCluster(dataDir: string): Promise<ClusterState> {
  const entries = await readdir(dataDir).catch(() => [] as string[]);
  if (entries.length === 0) return { kind: 'empty' };
  if (!entries.includes('PG_VERSION') || !entries.includes(PASSWORD_FILE)) return { kind: 'incomplete' };
  const password = (await readFile(join(dataDir, PASSWORD_FILE), 'utf8')).trim();
  return password ? { kind: 'ready', password } : { kind: 'incomplete' };
}

export function newSuperuserPassword(): string {
  return randomBytes(24).toString('base64url');
}

export async function recordSuperuserPassword(dataDir: string, password: string): Promise<void> {
  await writeFile(join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
}

export async function removeDirectory(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * After a crash `postmaster.pid` may name a dead process, a recycled pid (Postgres then refuses to start),
 * or a postmaster orphaned by a parent that died: the first two are removed, the orphan is shut down.
 */
export async function clearStalePostmaster(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const pid = await readPostmasterPid(pidFile);
  if (pid === undefined) return;
  if (isProcessAlive(pid)) {
    const commandLine = await processCommandLine(pid);
    if (commandLine.includes('postgres') && commandLine.includes(dataDir)) {
      await terminateProcess(pid, 'SIGINT', 15_000);
    }
  }
  await rm(pidFile, { force: true });
}

export async function readPostmasterPid(pidFile: string): Promise<number | undefined> {
  try {
    await access(pidFile);
  } catch {
    return undefined;
  }
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to enter every ancestor of the data
 * directory; a 0700 parent (mkdtemp, /root) otherwise surfaces as a bare "Permission denied" from initdb.
 */
export async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user, which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
          `Put the data directory elsewhere or allow traversal with: chmod o+x ${dir}`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}
