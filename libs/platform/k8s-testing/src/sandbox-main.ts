import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startKubeTestServer, type KubeTestServer } from './kube-test-server.js';
import { sandboxSeed } from './sandbox/sandbox-seed.js';

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
  const port = Number(args.port);
  const readyDelayMs = Number(args['ready-delay-ms']);
  if (
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    !Number.isFinite(readyDelayMs) ||
    readyDelayMs < 0
  ) {
    process.stderr.write(`--port must be 0-65535 and --ready-delay-ms a non-negative number\n\n${USAGE}\n`);
    process.exit(2);
  }
  const kubeconfigPath = resolve(args.kubeconfig);

  // Set once started; a signal during startup stops what exists so far.
  const running: { server?: KubeTestServer } = {};
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`[sandbox] ${signal} received: stopping`);
    rmSync(kubeconfigPath, { force: true });
    void (running.server?.stop() ?? Promise.resolve()).then(
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

  const server = await startKubeTestServer({ port, controller: { readyDelayMs } });
  running.server = server;
  if (args.seed) server.bulkLoad(sandboxSeed());
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  writeFileSync(
    kubeconfigPath,
    server.kubeconfig({ context: 'meshplane-sandbox', user: 'meshplane-sandbox-admin' }),
    { mode: 0o600 },
  );
  if (stopping) return;
  log('');
  log('  ************************************************************************************');
  log('  *  SIMULATED KUBERNETES CLUSTER (Meshplane sandbox): an in-memory API server.     *');
  log('  *  No container runs. Pods are marked Running and sidecars are added by a         *');
  log('  *  simulated controller; everything is lost when this process stops.              *');
  log('  ************************************************************************************');
  log('');
  log(`[sandbox] API server: ${server.url}`);
  log(`[sandbox] kubeconfig: ${kubeconfigPath}`);
  if (args.seed)
    log('[sandbox] seeded: namespaces sandbox-demo (Deployment and Service "hello") and sandbox-mesh');
  log(`[sandbox] try: kubectl --kubeconfig ${kubeconfigPath} get pods -A`);
  log('[sandbox] ready. Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(`[sandbox] could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
