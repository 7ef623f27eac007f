import { Command, Option } from 'commander';
import { accountCommands } from './commands/account.commands.js';
import { adapterCommand } from './commands/adapter.commands.js';
import { operationCommand } from './commands/operation.commands.js';
import { authCommands } from './commands/auth.commands.js';
import { clusterCommand } from './commands/cluster.commands.js';
import { completionCommand } from './commands/completion.command.js';
import { inventoryCommands } from './commands/inventory.commands.js';
import { meshCommand } from './commands/mesh.commands.js';
import { perfCommand } from './commands/perf.commands.js';
import { sandboxCommand } from './commands/sandbox.command.js';
import { tenancyCommands } from './commands/tenancy.commands.js';
import { OUTPUT_FORMATS } from './output/format.js';
import type { CliRuntime } from './runtime.js';

export const VERSION = '0.1.0';

const EXIT_CODES_HELP = `
Exit codes: 0 ok, 1 usage or input refused, 2 not signed in or not allowed, 3 not found,
4 server unreachable or failing, 5 partly failed, 130 interrupted.
\`meshplane --version\` (or -V, alone) prints the version.
Environment: MESHPLANE_CONFIG (config file, default ~/.meshplane/config.yaml), NO_COLOR, COLUMNS.`;

/** The whole command tree; commands write only through runtime.terminal, so tests can run it in process. */
export function buildProgram(runtime: CliRuntime): Command {
  const program = new Command('meshplane')
    .description(
      'Meshplane from the command line: clusters, what runs in them, who may see it, load tests and mesh adapters',
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--use-context <name>', 'act in this context for one command instead of the current one')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .configureOutput({
      writeOut: (text) => runtime.terminal.out(text),
      writeErr: (text) => runtime.terminal.err(text),
    })
    .exitOverride();
  for (const command of [
    ...authCommands(runtime),
    ...accountCommands(runtime),
    clusterCommand(runtime),
    ...inventoryCommands(runtime),
    ...tenancyCommands(runtime),
    perfCommand(runtime),
    adapterCommand(runtime),
    operationCommand(runtime),
    meshCommand(runtime),
    sandboxCommand(runtime),
  ]) {
    program.addCommand(command);
  }
  program.addCommand(completionCommand(runtime, program));
  // Subcommands inherit the output settings and the exit override, so usage errors surface as CommanderError.
  const inherit = (command: Command) => {
    for (const child of command.commands) {
      child.copyInheritedSettings(command);
      inherit(child);
    }
  };
  inherit(program);
  return program;
}
