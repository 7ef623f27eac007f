import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (postgres runs as its own user).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process ('' when unknown), to tell our own orphan from a recycled pid. */
export async function processCommandLine(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Resolves true once the process is gone, false when it still runs after `timeoutMs`. */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
  return true;
}

/** Signals a process and waits for it to go away, escalating to SIGKILL when it does not. */
export async function terminateProcess(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<void> {
  signalQuietly(pid, signal);
  if (await waitForProcessExit(pid, timeoutMs)) return;
  signalQuietly(pid, 'SIGKILL');
  await waitForProcessExit(pid, 5_000);
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone: nothing left to stop.
  }
}
