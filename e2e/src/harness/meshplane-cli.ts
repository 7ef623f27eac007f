import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processEnv } from '@meshplane/config';
import { waitFor } from '@meshplane/testing';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
/** The built binary, exactly as `npx meshplane` runs it (`bin` of `@meshplane/cli`). */
export const MESHPLANE_BIN = resolve(repoRoot, 'cli/bin/meshplane.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Written to the process's standard input, which is then closed; `'open'` leaves it open for the test to write. */
  stdin?: string | 'open';
  /** Variables on top of MESHPLANE_CONFIG (and PATH); the environment is otherwise empty, so no TTY, no colour. */
  env?: Record<string, string>;
}

/** Runs `meshplane <args>` as a child process against one config file, and waits for it to exit. */
export function meshplaneCli(configPath: string) {
  const environment = (extra: Record<string, string> = {}) => ({
    PATH: processEnv()['PATH'] ?? '/usr/bin:/bin',
    MESHPLANE_CONFIG: configPath,
    ...extra,
  });
  const start = (args: string[], options: CliOptions = {}): ChildProcessWithoutNullStreams => {
    const child = spawn(process.execPath, [MESHPLANE_BIN, ...args], { env: environment(options.env) });
    if (options.stdin !== 'open') child.stdin.end(options.stdin ?? '');
    return child;
  };
  return {
    start,
    /**
     * Starts `meshplane login … --provider …` with its standard input open and waits for the authorization address it
     * prints; `finish(landed)` pastes back where the browser landed and resolves with the exit code.
     */
    async browserLogin(args: string[]) {
      const child = start(args, { stdin: 'open' });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = once(child, 'close') as Promise<[number | null]>;
      let authorizationUrl = '';
      await waitFor(
        () => {
          authorizationUrl = /^\s+(https?:\/\/\S+)$/m.exec(stderr)?.[1] ?? '';
          return authorizationUrl !== '';
        },
        { timeoutMs: 15_000, intervalMs: 100, description: 'the authorization address printed' },
      );
      return {
        authorizationUrl,
        stderr: () => stderr,
        async finish(landed: URL | string): Promise<number | null> {
          child.stdin.end(`${landed.toString()}\n`);
          return (await exited)[0];
        },
      };
    },
    async run(args: string[], options: CliOptions = {}): Promise<CliResult> {
      const child = start(args, options);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, 'close')) as [number | null];
      return { code, stdout, stderr };
    },
  };
}
