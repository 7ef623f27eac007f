import { open, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, ExitCode } from '../exit-codes.js';

export interface RefreshLockOptions {
  /** Give up waiting for another command's refresh after this long. */
  timeoutMs?: number;
  /** A lock file older than this was left by a command that died: it is taken over. */
  staleMs?: number;
  pollMs?: number;
}

/**
 * Runs `fn` while holding `<config>.refresh.lock`, so that two `meshplane` commands started together never both
 * spend the same refresh token: the server rotates refresh tokens and treats a second use of one as theft, ending
 * the whole session. The lock is a file created exclusively (`wx`), removed afterwards; one left by a killed
 * command is taken over once it is `staleMs` old.
 */
export async function withRefreshLock<T>(
  configPath: string,
  fn: () => Promise<T>,
  { timeoutMs = 15_000, staleMs = 30_000, pollMs = 50 }: RefreshLockOptions = {},
): Promise<T> {
  const lockPath = `${configPath}.refresh.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(lockPath).then(
      (info) => Date.now() - info.mtimeMs,
      () => 0,
    );
    if (age > staleMs) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new CliError(
        `another meshplane command has been refreshing the session for ${Math.round(age / 1000)} s`,
        ExitCode.AUTH,
        `try again; if no other command runs, remove ${lockPath}`,
      );
    }
    await sleep(pollMs);
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}
