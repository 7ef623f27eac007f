import { loadCliEnv } from './cli-env.js';
import { ExitCode } from './exit-codes.js';
import { systemBrowser } from './output/browser.js';
import { nodeTerminal } from './output/node-terminal.js';
import { run } from './run.js';
import type { CliRuntime } from './runtime.js';

async function main(): Promise<void> {
  let runtime: CliRuntime;
  try {
    const env = loadCliEnv();
    const terminal = nodeTerminal(env);
    runtime = {
      env,
      terminal,
      openBrowser: systemBrowser({ interactive: terminal.interactive, display: env.display }),
      untilInterrupted: () =>
        new Promise((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'));
          process.once('SIGTERM', () => resolve('SIGTERM'));
        }),
    };
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(ExitCode.USAGE);
  }
  const code = await run(process.argv.slice(2), runtime);
  // Exit now: a prompt or a loopback listener left open must not keep the process alive after the answer.
  process.stdout.write('', () => process.exit(code));
}

await main();
