import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processEnv } from '@meshplane/config';
import { startChild } from '../gateway/child-process.js';

/** The process load is sent to: nginx from the OS packages when on PATH, else a Node HTTP server. */
export interface BenchTarget {
  kind: 'nginx' | 'node';
  url: string;
  /** The one process serving it (SIGSTOP freezes the target for the stall test). */
  process: ChildProcess;
  stop(): Promise<void>;
}

export function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

/** The Node target answers `<url>delayed` after this long (see bench-target.main.ts). */
export const DELAYED_MS = 20;

export async function startTarget(kind: 'nginx' | 'node', workDir: string): Promise<BenchTarget> {
  if (kind === 'node') {
    const script = fileURLToPath(new URL('./bench-target.main.js', import.meta.url));
    const child = await startChild(
      script,
      { PATH: processEnv()['PATH'], BENCH_TARGET_DELAYED_MS: String(DELAYED_MS) },
      /^LISTENING /,
    );
    return { kind, url: child.readyLine.split(' ')[1] as string, process: child.process, stop: child.stop };
  }
  return startNginx(workDir);
}

/**
 * nginx as one process (no master: SIGSTOP then freezes all of it) answering a fixed body from memory, with its
 * pid, logs and temporary files in the bench's work directory.
 */
async function startNginx(workDir: string): Promise<BenchTarget> {
  const port = await freePort();
  const config = join(workDir, 'nginx.conf');
  writeFileSync(
    config,
    [
      'master_process off;',
      'daemon off;',
      `pid ${join(workDir, 'nginx.pid')};`,
      `error_log ${join(workDir, 'nginx-error.log')} warn;`,
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${join(workDir, 'body')};`,
      `  proxy_temp_path ${join(workDir, 'proxy')};`,
      `  fastcgi_temp_path ${join(workDir, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(workDir, 'uwsgi')};`,
      `  scgi_temp_path ${join(workDir, 'scgi')};`,
      '  keepalive_requests 1000000;',
      '  keepalive_timeout 60s;',
      `  server { listen 127.0.0.1:${port}; location / { default_type text/plain; return 200 "Hello, World!"; } }`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn('nginx', ['-p', workDir, '-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, child);
  return {
    kind: 'nginx',
    url: `http://127.0.0.1:${port}/`,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not answer on 127.0.0.1:${port} within 10 s`);
}
