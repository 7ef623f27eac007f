import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CommandPlan } from './generator.js';

export interface ProcessOutput {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunLimits {
  timeoutMs: number;
  /** Output beyond this is dropped (and the process killed): a runaway tool cannot fill memory. */
  maxOutputBytes: number;
  signal?: AbortSignal;
}

/** Starts a command; the one side effect of the generators, injectable so that tests never need the tools. */
export interface ProcessRunner {
  run(plan: CommandPlan, limits: RunLimits): Promise<ProcessOutput>;
}

/**
 * Spawns the executable directly (no shell, so no argument is ever interpreted), with an empty environment: the
 * tools need nothing from ours, and secrets in it stay out of their reach.
 */
export class SpawnProcessRunner implements ProcessRunner {
  async run(plan: CommandPlan, limits: RunLimits): Promise<ProcessOutput> {
    for (const file of plan.files) {
      await mkdir(dirname(file.path), { recursive: true, mode: 0o700 });
      await writeFile(file.path, file.content, { mode: 0o600 });
    }
    return new Promise((resolve, reject) => {
      const child = spawn(plan.command, plan.args, {
        shell: false,
        env: {},
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(limits.signal ? { signal: limits.signal } : {}),
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = 0;
      let timedOut = false;
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxOutputBytes) {
          child.kill('SIGKILL');
          return;
        }
        into.push(chunk);
      };
      child.stdout.on('data', collect(out));
      child.stderr.on('data', collect(err));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, limits.timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (exitCode, signal) => {
        clearTimeout(timer);
        resolve({
          exitCode,
          signal,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          timedOut,
        });
      });
    });
  }
}
