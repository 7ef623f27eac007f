import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { run } from '../run.js';
import { scratchDir, testRuntime } from './fake-server.js';

/** A runtime whose "Ctrl-C" the test presses. */
function interruptible(configPath: string) {
  const { runtime, written } = testRuntime(configPath);
  let press: (signal: string) => void = () => undefined;
  runtime.untilInterrupted = () => new Promise((resolve) => (press = resolve));
  return { runtime, written, interrupt: (signal = 'SIGINT') => press(signal) };
}

async function until(condition: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('meshplane sandbox', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    dir = await scratchDir();
  });
  afterAll(() => dir.remove());

  it('serves a seeded, clearly simulated cluster on loopback until interrupted, then removes its kubeconfig', async () => {
    const { runtime, written, interrupt } = interruptible(join(dir.path, 'config.yaml'));
    const running = run(['sandbox', '--seed', '--ready-delay-ms', '10'], runtime);
    await until(
      () => written.out.includes('[sandbox] ready'),
      () => written.out + written.err,
    );
    expect(written.out).toContain('SIMULATED KUBERNETES CLUSTER');
    // Beside the CLI's config by default, readable by its owner only.
    const kubeconfig = join(dir.path, 'sandbox', 'kubeconfig.yaml');
    expect(written.out).toContain(`[sandbox] kubeconfig: ${kubeconfig}`);
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
    const url = /\[sandbox\] API server: (\S+)/.exec(written.out)?.[1] ?? '';
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const text = readFileSync(kubeconfig, 'utf8');
    expect(text).toContain(url);
    const token = /token: (\S+)/.exec(text)?.[1] ?? '';
    const list = await fetch(`${url}/api/v1/namespaces`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    const namespaces = (await list.json()) as {
      items: { metadata: { name: string } }[];
    };
    expect(namespaces.items.map((n) => n.metadata.name)).toEqual(
      expect.arrayContaining(['sandbox-demo', 'sandbox-mesh']),
    );

    interrupt();
    expect(await running).toBe(ExitCode.OK);
    expect(written.out).toContain('[sandbox] stopped; kubeconfig removed');
    expect(existsSync(kubeconfig)).toBe(false);
    await expect(fetch(`${url}/api/v1/namespaces`)).rejects.toThrow();
  });

  it('prints one JSON line with -o json (the banner on stderr)', async () => {
    const { runtime, written, interrupt } = interruptible(join(dir.path, 'config.yaml'));
    const kubeconfig = join(dir.path, 'json', 'kc.yaml');
    const running = run(['sandbox', '-o', 'json', '--kubeconfig', kubeconfig], runtime);
    await until(
      () => written.out.includes('\n'),
      () => written.out + written.err,
    );
    expect(JSON.parse(written.out)).toMatchObject({ simulated: true, kubeconfig });
    expect(written.err).toContain('SIMULATED KUBERNETES CLUSTER');
    interrupt('SIGTERM');
    expect(await running).toBe(ExitCode.OK);
    expect(written.err).toContain('SIGTERM received');
  });

  it('refuses bad options naming them, before starting anything', async () => {
    const { runtime, written } = interruptible(join(dir.path, 'config.yaml'));
    expect(await run(['sandbox', '--port', '70000'], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain('--port must be a whole number from 0 to 65535');
    expect(await run(['sandbox', '--ready-delay-ms', '-1'], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain('--ready-delay-ms');
    expect(written.out).not.toContain('SIMULATED');
  });
});
