import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { startKubeTestServer } from '../kube-test-server.js';
import { sandboxSeed } from './sandbox-seed.js';

export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Where the kubeconfig is written (mode 0600); removed when the sandbox stops. */
  kubeconfigPath: string;
  /** Namespaces sandbox-demo (a Deployment and a Service "hello") and sandbox-mesh (asking for sidecars). */
  seed: boolean;
  /** How long a pod stays Pending before it is Running. */
  readyDelayMs: number;
}

export interface RunningSandbox {
  url: string;
  kubeconfigPath: string;
  /** Stops the server and removes the kubeconfig. */
  stop(): Promise<void>;
}

/** The words every way of starting the sandbox prints first: it is a simulation, and says so. */
export const SANDBOX_BANNER: readonly string[] = [
  '',
  '  ************************************************************************************',
  '  *  SIMULATED KUBERNETES CLUSTER (Meshplane sandbox): an in-memory API server.     *',
  '  *  No container runs. Pods are marked Running and sidecars are added by a         *',
  '  *  simulated controller; everything is lost when this process stops.              *',
  '  ************************************************************************************',
  '',
];

/** Checks the options a person typed, naming the first one that is wrong. */
export function sandboxOptionsProblem(options: SandboxOptions): string | undefined {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    return `--port must be a whole number from 0 to 65535, not ${String(options.port)}`;
  if (!Number.isFinite(options.readyDelayMs) || options.readyDelayMs < 0)
    return `--ready-delay-ms must be a number of milliseconds ≥ 0, not ${String(options.readyDelayMs)}`;
  if (options.kubeconfigPath.trim() === '') return '--kubeconfig must name a file';
  return undefined;
}

/**
 * Starts the sandbox: the Kubernetes API test server on 127.0.0.1 with its simulated controller, its kubeconfig
 * written, the banner and the addresses printed through `log`. `npm run sandbox` and `meshplane sandbox` both run
 * this; each stops it on Ctrl-C.
 */
export async function runSandbox(
  options: SandboxOptions,
  log: (line: string) => void,
): Promise<RunningSandbox> {
  const problem = sandboxOptionsProblem(options);
  if (problem) throw new RangeError(problem);
  const kubeconfigPath = resolve(options.kubeconfigPath);
  const server = await startKubeTestServer({
    port: options.port,
    controller: { readyDelayMs: options.readyDelayMs },
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    rmSync(kubeconfigPath, { force: true });
    await server.stop();
  };
  try {
    if (options.seed) server.bulkLoad(sandboxSeed());
    mkdirSync(dirname(kubeconfigPath), { recursive: true, mode: 0o700 });
    writeFileSync(
      kubeconfigPath,
      server.kubeconfig({ context: 'meshplane-sandbox', user: 'meshplane-sandbox-admin' }),
      { mode: 0o600 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  for (const line of SANDBOX_BANNER) log(line);
  log(`[sandbox] API server: ${server.url}`);
  log(`[sandbox] kubeconfig: ${kubeconfigPath}`);
  if (options.seed)
    log('[sandbox] seeded: namespaces sandbox-demo (Deployment and Service "hello") and sandbox-mesh');
  log(`[sandbox] try: kubectl --kubeconfig ${kubeconfigPath} get pods -A`);
  log('[sandbox] ready. Press Ctrl-C to stop.');
  return { url: server.url, kubeconfigPath, stop };
}
