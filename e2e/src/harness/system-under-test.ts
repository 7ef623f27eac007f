import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspectCluster } from '@meshplane/local-infra';
import { freePortBlock, getFreePort } from './ports.js';
import { processEnv } from '@meshplane/config';

export interface RunState {
  runnerPid: number;
  gatewayUrl?: string;
  services: Record<string, { pid?: number; port: number; restarts: number }>;
}

export interface SystemUnderTest {
  gatewayUrl: string;
  natsUrl: string;
  dataDir: string;
  /** This run's NATS user of a service (the embedded nats-server refuses anonymous clients). */
  natsCredentials(service: string): Promise<{ user: string; password: string }>;
  /** The embedded Postgres as its superuser, database `meshplane` (to look behind the services' backs). */
  adminDatabaseUrl(): Promise<string>;
  state(): Promise<RunState>;
  output(): string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

/**
 * Starts Meshplane exactly as `npm start` does after its build step (`node tools/dist/start.js`), on free ports and a
 * scratch data dir, so the e2e tests exercise the real run command, embedded Postgres and nats-server included.
 */
export async function startSystemUnderTest(extraEnv: Record<string, string> = {}): Promise<SystemUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshplane-e2e-'));
  // Embedded Postgres runs as the `postgres` user when we are root: it must be able to enter this directory.
  await chmod(dataDir, 0o755);
  const natsPort = await getFreePort();
  const postgresPort = await getFreePort();
  const env = {
    ...processEnv(),
    MESHPLANE_DATA_DIR: dataDir,
    GATEWAY_PORT: String(await getFreePort()),
    SERVICE_PORT_BASE: String(await freePortBlock(6)),
    POSTGRES_PORT: String(postgresPort),
    NATS_PORT: String(natsPort),
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    NATS_URL: '',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [join(repoRoot, 'tools/dist/start.js')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  const statePath = join(dataDir, 'run', 'state.json');
  const readState = async () => JSON.parse(await readFile(statePath, 'utf8')) as RunState;
  const gatewayUrl = await waitForGateway(child, readState, () => output);
  return {
    gatewayUrl,
    natsUrl: `nats://127.0.0.1:${natsPort}`,
    dataDir,
    natsCredentials: async (service) => {
      const users = JSON.parse(await readFile(join(dataDir, 'run', 'nats-users.json'), 'utf8')) as Record<
        string,
        { user: string; password: string }
      >;
      const found = users[service];
      if (!found) throw new Error(`the run command created no NATS user for ${service}`);
      return found;
    },
    adminDatabaseUrl: async () => {
      const cluster = await inspectCluster(join(dataDir, 'postgres'));
      if (cluster.kind !== 'ready') throw new Error('the embedded Postgres cluster is not initialised');
      return `postgres://postgres:${encodeURIComponent(cluster.password)}@127.0.0.1:${postgresPort}/meshplane`;
    },
    state: readState,
    output: () => output,
    stop: async () => {
      const exited = exitOf(child);
      child.kill('SIGINT');
      const result = await Promise.race([exited, sleep(60_000).then(() => undefined)]);
      if (!result) {
        child.kill('SIGKILL');
        throw new Error(`run command did not stop within 60 s after SIGINT\n${output.slice(-4000)}`);
      }
      await rm(dataDir, { recursive: true, force: true });
      return result;
    },
  };
}

/**
 * NODE_OPTIONS that preload the loopback guard into every Node process of the system (run command, services,
 * gateway, migrations): each refusal is written to their output as `loopback-only: refused a connection to <host>`.
 */
export function loopbackOnlyNodeOptions(): string {
  const preload = join(repoRoot, 'e2e/dist/harness/loopback-only.preload.js');
  if (!existsSync(preload)) throw new Error(`${preload} is missing: build first (npm run build)`);
  return `--import ${pathToFileURL(preload).href}`;
}

async function exitOf(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null)
    return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

async function waitForGateway(child: ChildProcess, readState: () => Promise<RunState>, output: () => string) {
  const deadline = Date.now() + 200_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`run command exited with ${child.exitCode}\n${output().slice(-4000)}`);
    const state = await readState().catch(() => undefined);
    if (state?.gatewayUrl) return state.gatewayUrl;
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`the gateway never came up\n${output().slice(-4000)}`);
}
