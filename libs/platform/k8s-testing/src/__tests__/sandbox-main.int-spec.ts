import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/sandbox-main.js', import.meta.url));
const LIB_TSCONFIG = fileURLToPath(new URL('../../tsconfig.lib.json', import.meta.url));

let dir: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  // The process runs the built library: bring dist up to date with the sources under test.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', LIB_TSCONFIG], { stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'meshplane-sandbox-'));
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function waitForLine(process: ChildProcess, pattern: RegExp, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${pattern.source}" in: ${output.join('')}`)),
      60_000,
    );
    process.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (pattern.test(output.join(''))) {
        clearTimeout(timer);
        resolve();
      }
    });
    process.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited (${code}) before it was ready: ${output.join('')}`));
    });
  });
}

function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('npm run sandbox', () => {
  it('starts a simulated cluster with a kubeconfig client-node can use, and stops cleanly on SIGINT', async () => {
    const kubeconfigPath = join(dir, 'kubeconfig.yaml');
    const output: string[] = [];
    const sandbox = spawn(
      process.execPath,
      [MAIN, '--kubeconfig', kubeconfigPath, '--seed', '--ready-delay-ms', '20'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child = sandbox;
    await waitForLine(sandbox, /ready\. Press Ctrl-C/, output);
    expect(output.join('')).toContain('SIMULATED KUBERNETES CLUSTER');

    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(kubeconfigPath, 'utf8'));
    expect(kc.getCurrentContext()).toBe('meshplane-sandbox');
    const server = kc.getCurrentCluster()?.server ?? '';
    expect(server).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const namespaces = await kc.makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(
      expect.arrayContaining(['default', 'sandbox-demo', 'sandbox-mesh']),
    );
    const apps = kc.makeApiClient(AppsV1Api);
    const deadline = Date.now() + 10_000;
    let available: number | undefined;
    while (Date.now() < deadline) {
      const hello = await apps.readNamespacedDeployment({ namespace: 'sandbox-demo', name: 'hello' });
      available = hello.status?.availableReplicas;
      if (available === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(available).toBe(2);

    const exited = new Promise<number | null>((resolve) => sandbox.once('exit', (code) => resolve(code)));
    sandbox.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.join('')).toContain('stopped');
    expect(existsSync(kubeconfigPath)).toBe(false);
    expect(await portClosed(Number(new URL(server).port))).toBe(true);
  }, 120_000);
});
