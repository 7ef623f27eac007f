import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface StartedChild {
  process: ChildProcess;
  /** The first stdout line matching the readiness pattern. */
  readyLine: string;
  stop(): Promise<void>;
}

/** Spawns a Node script and waits (bounded) for a stdout line proving it serves. */
export function startChild(
  script: string,
  env: Record<string, string | undefined>,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<StartedChild> {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const stdout = child.stdout;
  if (!stdout) throw new Error('child stdout is not piped');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited early with code ${code}`));
    });
    const lines = createInterface({ input: stdout });
    lines.on('line', (line) => {
      if (!ready.test(line)) return;
      clearTimeout(timer);
      lines.removeAllListeners('line');
      stdout.resume();
      resolve({ process: child, readyLine: line, stop });
    });
  });
}
