import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { LOOPBACK_ONLY_NODE_ARGS } from '../loopback-only.js';

export interface StartedChild {
  process: ChildProcess;
  /** The first stdout line matching the readiness pattern. */
  readyLine: string;
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Node flags for the child (e.g. `--cpu-prof`, `--trace-gc`). */
  execArgv?: readonly string[];
  /** The script's own arguments. */
  args?: readonly string[];
  timeoutMs?: number;
}

/**
 * Spawns a Node script and waits (bounded, 2 minutes by default: a loaded shared machine can take that long
 * to start four gateways at once) for a stdout line proving it serves. A child that exits fails at once.
 */
export function startChild(
  script: string,
  env: Record<string, string | undefined>,
  ready: RegExp,
  options: ChildOptions = {},
): Promise<StartedChild> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const child = spawn(
    process.execPath,
    [...LOOPBACK_ONLY_NODE_ARGS, ...(options.execArgv ?? []), script, ...(options.args ?? [])],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stdout = child.stdout;
  if (!stdout) throw new Error('child stdout is not piped');
  // BENCH_CHILD_LOG_DIR keeps each child's whole stdout (e.g. `--trace-gc` lines) in <dir>/<script>-<pid>.log;
  // otherwise it is read until the readiness line and discarded after.
  const logDir = process.env['BENCH_CHILD_LOG_DIR'];
  if (logDir)
    stdout.pipe(createWriteStream(join(logDir, `${basename(script, '.js')}-${child.pid ?? 'unknown'}.log`)));
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
