import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliEnv } from '../cli-env.js';
import type { Terminal } from './terminal.js';

/** The process's own stdin/stdout/stderr as a Terminal. */
export function nodeTerminal(env: CliEnv): Terminal {
  const stdoutTty = process.stdout.isTTY === true;
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    width: env.columns ?? (stdoutTty ? process.stdout.columns : undefined),
    color: stdoutTty && !env.noColor,
    interactive: process.stderr.isTTY === true,
    readStdin: async () => {
      if (process.stdin.isTTY) {
        throw new CliError(
          'standard input is a terminal, not a pipe',
          ExitCode.USAGE,
          'pipe the value in, e.g. `… < file`',
        );
      }
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    promptSecret: (question, options = {}) => {
      if (!process.stdin.isTTY || !process.stderr.isTTY) {
        return Promise.reject(
          new CliError(
            `no terminal to ask on (${question.replace(/:\s*$/, '')})`,
            ExitCode.USAGE,
            'give it as an option, or on standard input (--password-stdin)',
          ),
        );
      }
      return ask(question, options.echo === true);
    },
  };
}

/** Asks on stderr; without echo, typed characters are not shown (the password prompt). */
function ask(question: string, echo: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve, reject) => {
    rl.question(question, (answer) => {
      rl.close();
      if (!echo) process.stderr.write('\n');
      resolve(answer);
    });
    muted = !echo;
    rl.on('SIGINT', () => {
      rl.close();
      reject(new CliError('interrupted', ExitCode.INTERRUPTED));
    });
  });
}
