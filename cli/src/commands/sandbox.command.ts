import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes.js';
import { globalOptions, type CliRuntime } from '../runtime.js';

interface SandboxFlags {
  port: string;
  kubeconfig?: string;
  seed?: boolean;
  readyDelayMs: string;
}

/**
 * `meshplane sandbox`: the SIMULATED Kubernetes cluster (the project's Kubernetes API test server with its
 * simulated controller) on 127.0.0.1 until Ctrl-C, its kubeconfig written beside the CLI's config. Loaded only when
 * this command runs: the rest of the CLI never imports the server.
 */
export function sandboxCommand(runtime: CliRuntime): Command {
  return new Command('sandbox')
    .description(
      'start a SIMULATED Kubernetes cluster on 127.0.0.1 to try Meshplane without one (Ctrl-C stops it)',
    )
    .option('--port <n>', 'port on 127.0.0.1 (0: a free one)', '0')
    .option(
      '--kubeconfig <path>',
      'where its kubeconfig is written, removed on exit (default: sandbox/kubeconfig.yaml beside the config file)',
    )
    .option('--seed', 'create sandbox-demo (a Deployment and a Service) and sandbox-mesh (asks for sidecars)')
    .option('--ready-delay-ms <n>', 'how long a pod stays Pending before it is Running', '1000')
    .addHelpText(
      'after',
      '\nNothing runs in it: pods are marked Running and sidecars added by a simulated controller. Meshplane refuses\n' +
        'loopback and plain-HTTP clusters by default; its operator opens them (KUBE_SERVER_ALLOW_CIDRS=127.0.0.0/8,\n' +
        'KUBE_SERVER_ALLOW_INSECURE_HTTP=true) before `meshplane cluster import <kubeconfig>` can connect it.',
    )
    .action(async (flags: SandboxFlags, command: Command) => {
      const { output } = globalOptions(command);
      const { runSandbox, sandboxOptionsProblem } = await import('@meshplane/k8s-testing');
      const options = {
        port: Number(flags.port),
        kubeconfigPath:
          flags.kubeconfig ?? join(dirname(runtime.env.configPath), 'sandbox', 'kubeconfig.yaml'),
        seed: flags.seed ?? false,
        readyDelayMs: Number(flags.readyDelayMs),
      };
      const problem = sandboxOptionsProblem(options);
      if (problem) throw new CliError(problem, ExitCode.USAGE);
      const untilInterrupted = runtime.untilInterrupted;
      if (!untilInterrupted)
        throw new CliError(
          'the sandbox runs until interrupted, and nothing can interrupt it here',
          ExitCode.USAGE,
        );
      // Machine-readable output is one JSON line (the banner goes to stderr), so a script can read where it is.
      const log = (line: string) =>
        output === 'table' ? runtime.terminal.out(`${line}\n`) : runtime.terminal.err(`${line}\n`);
      const sandbox = await runSandbox(options, log);
      if (output !== 'table')
        runtime.terminal.out(
          `${JSON.stringify({ simulated: true, url: sandbox.url, kubeconfig: sandbox.kubeconfigPath })}\n`,
        );
      try {
        const signal = await untilInterrupted();
        log(`[sandbox] ${signal} received: stopping`);
      } finally {
        await sandbox.stop();
      }
      log('[sandbox] stopped; kubeconfig removed');
    });
}
