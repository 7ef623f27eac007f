import { parseArgs } from 'node:util';
import { runSandbox, sandboxOptionsProblem, type RunningSandbox } from './sandbox/run-sandbox.js';

const USAGE = `npm run sandbox -- [--port <n>] [--kubeconfig <path>] [--seed] [--ready-delay-ms <n>]

  --port            port on 127.0.0.1 (default: a free one)
  --kubeconfig      where the kubeconfig is written (default: .data/sandbox/kubeconfig.yaml); removed on exit
  --seed            create the sandbox-demo namespace with a sample Deployment and Service, and sandbox-mesh
                    (a namespace that asks Istio and Linkerd for sidecars)
  --ready-delay-ms  how long a pod stays Pending before it is Running (default 1000)`;

/**
 * `npm run sandbox`: the Kubernetes API test server with its simulated controller as a standalone process, for
 * trying Meshplane without a cluster. It is a SIMULATION: no container runs anywhere.
 */
async function main(): Promise<void> {
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        kubeconfig: { type: 'string', default: '.data/sandbox/kubeconfig.yaml' },
        seed: { type: 'boolean', default: false },
        'ready-delay-ms': { type: 'string', default: '1000' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    log(USAGE);
    return;
  }
  const options = {
    port: Number(args.port),
    kubeconfigPath: args.kubeconfig,
    seed: args.seed,
    readyDelayMs: Number(args['ready-delay-ms']),
  };
  const problem = sandboxOptionsProblem(options);
  if (problem) {
    process.stderr.write(`${problem}\n\n${USAGE}\n`);
    process.exit(2);
  }

  // Set once started; a signal during startup stops it as soon as it exists.
  const running: { sandbox?: RunningSandbox } = {};
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`[sandbox] ${signal} received: stopping`);
    void (running.sandbox?.stop() ?? Promise.resolve()).then(
      () => {
        log('[sandbox] stopped; kubeconfig removed');
        process.exit(0);
      },
      (error: unknown) => {
        log(`[sandbox] error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  running.sandbox = await runSandbox(options, log);
  if (stopping) {
    await running.sandbox.stop();
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[sandbox] could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
