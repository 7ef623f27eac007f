import { readFile, rm } from 'node:fs/promises';
import { isProcessAlive, processCommandLine, terminateProcess } from '../process/process-liveness.js';

/**
 * A nats-server whose parent died without stopping it (kill -9, crash) still holds the store and the
 * port: the next start finds it through the pid file it wrote in the store dir and stops it.
 */
export async function stopStaleNatsServer(pidFile: string, storeDir: string): Promise<void> {
  const pid = await readPid(pidFile);
  if (pid === undefined) return;
  if (isProcessAlive(pid)) {
    const commandLine = await processCommandLine(pid);
    if (commandLine.includes('nats-server') && commandLine.includes(storeDir)) {
      await terminateProcess(pid, 'SIGTERM', 10_000);
    }
  }
  await rm(pidFile, { force: true });
}

async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(pidFile, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
