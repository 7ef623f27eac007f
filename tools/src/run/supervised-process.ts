import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface SupervisedProcessOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  restartOnCrash: boolean;
  log: (line: string) => void;
  onCrashLoop?: (name: string) => void;
  /** Called with the new pid after every (re)start. */
  onStart?: (pid: number | undefined) => void;
}

const MAX_BACKOFF_MS = 30_000;
const HEALTHY_RESET_MS = 60_000;

/**
 * One child process, restarted with exponential backoff when it dies on its own. Output is passed through line by
 * line (services log JSON; anything else is prefixed with the service name).
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private stopping = false;
  private restarts = 0;
  private startedAt = 0;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: SupervisedProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get restartCount(): number {
    return this.restarts;
  }

  start(): void {
    const { command, args, cwd, env, name } = this.options;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.startedAt = Date.now();
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) =>
        this.options.log(line.startsWith('{') ? line : `[${name}] ${line}`),
      );
    }
    child.on('exit', (code, signal) =>
      this.onEnded(child, signal ? `signal ${signal}` : `exit code ${code}`),
    );
    child.on('error', (error) => {
      // A failed spawn (missing command or cwd) emits 'error' and never 'exit'; unhandled, it would crash the runner.
      if (child.pid === undefined) this.onEnded(child, `could not start: ${error.message}`);
      else this.options.log(`[run] ${name}: ${error.message}`);
    });
    this.options.onStart?.(child.pid);
  }

  private onEnded(child: ChildProcess, how: string): void {
    if (this.child !== child || this.stopping) return;
    if (!this.options.restartOnCrash) {
      this.options.log(`[run] ${this.options.name} stopped (${how})`);
      this.options.onCrashLoop?.(this.options.name);
      return;
    }
    if (Date.now() - this.startedAt > HEALTHY_RESET_MS) this.restarts = 0;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.restarts);
    this.restarts += 1;
    this.options.log(`[run] ${this.options.name} died (${how}); restarting in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.start();
    }, delay);
  }

  /** From now on an exit is expected: no restart. Called for every process as soon as shutdown begins. */
  markStopping(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  async stop(graceMs = 15_000): Promise<void> {
    this.markStopping();
    const child = this.child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
