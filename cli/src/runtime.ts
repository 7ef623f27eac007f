import type { Command } from 'commander';
import type { CliEnv } from './cli-env.js';
import { CliError, ExitCode } from './exit-codes.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output/format.js';
import type { Terminal } from './output/terminal.js';
import { openSession, type Session } from './session/session.js';

/** What every command receives: where to write, the environment it runs in. */
export interface CliRuntime {
  terminal: Terminal;
  env: CliEnv;
  /** Opens an address in the user's browser; false (or absent) when there is none to open here. */
  openBrowser?: (url: string) => boolean;
  /** Resolves with the signal's name when the user interrupts (Ctrl-C, SIGTERM): long-running commands stop then. */
  untilInterrupted?: () => Promise<string>;
}

/** The options every command accepts (`-o`, `--use-context`). */
export interface GlobalOptions {
  output: OutputFormat;
  context?: string;
}

export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<{ output?: string; useContext?: string }>();
  const output = (options.output ?? 'table') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(output)) {
    throw new CliError(
      `unknown output format ${output}`,
      ExitCode.USAGE,
      `use one of ${OUTPUT_FORMATS.join(', ')}`,
    );
  }
  return { output, ...(options.useContext === undefined ? {} : { context: options.useContext }) };
}

export function sessionFor(runtime: CliRuntime, command: Command): Promise<Session> {
  return openSession(runtime.env.configPath, globalOptions(command).context);
}

/** Parses a positive whole number option (`--limit 50`), naming the option when it is not one. */
export function positiveInt(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) {
      throw new CliError(
        `${name} must be a whole number of at least 1, not ${JSON.stringify(value)}`,
        ExitCode.USAGE,
      );
    }
    return parsed;
  };
}
