import { CommanderError } from 'commander';
import { ExitCode, explain } from './exit-codes.js';
import { paint } from './output/terminal.js';
import { buildProgram, VERSION } from './program.js';
import type { CliRuntime } from './runtime.js';

/** Runs one command line; returns the exit code (never throws). */
export async function run(argv: readonly string[], runtime: CliRuntime): Promise<number> {
  // Only alone: `--version` after a command is that command's (`mesh install istio --version 1.22.1`).
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    runtime.terminal.out(`${VERSION}\n`);
    return ExitCode.OK;
  }
  const program = buildProgram(runtime);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help "fails" with exit code 0; every other commander error is a usage error.
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const explained = explain(error);
    const { terminal } = runtime;
    terminal.err(
      `${paint({ color: terminal.interactive && !runtime.env.noColor }, 'red', 'error:')} ${explained.message}\n`,
    );
    if (explained.hint) terminal.err(`  ${explained.hint}\n`);
    return explained.exitCode;
  }
}
