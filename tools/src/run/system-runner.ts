import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { maskUrlPassword } from '@meshplane/config';
import { ensureNatsServerBinary, startLocalInfra, type LocalInfra } from '@meshplane/local-infra';
import { ensureDatabase } from './ensure-database.js';
import { loadLocalSecrets } from './local-secrets.js';
import { localNatsUsers, removeLocalNatsCredentials, writeLocalNatsCredentials } from './nats-users.js';
import { childBaseEnv, type RunConfig } from './run-config.js';
import { roleUrl } from '@meshplane/database';
import { subgraphUrlVariable } from '@meshplane/graphql/composition';
import { serviceRoleNames } from '@meshplane/service-kit';
import { BACKEND_SERVICES, GATEWAY, type ServiceSpec } from './service-catalog.js';
import { SupervisedProcess } from './supervised-process.js';
import { RunState } from './run-state.js';
import { waitReady } from './wait-ready.js';

export interface RunningSystem {
  gatewayUrl: string;
  processes: Map<string, SupervisedProcess>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;

/**
 * Starts the whole system the way an operator would on one host: infrastructure (embedded or external), migrations,
 * the six subgraphs, then the gateway once they are all ready. Stops in reverse order.
 */
export async function startSystem(config: RunConfig, log: (line: string) => void): Promise<RunningSystem> {
  if (!config.NATS_URL) await ensureNatsServerBinary();
  // The embedded nats-server gets the deployments' per-service users (fresh passwords each run), so a permission a
  // service lacks fails here and in the e2e suite, not first in production. An external NATS_URL is the operator's.
  const nats = config.NATS_URL ? undefined : localNatsUsers(config.repoRoot);
  const infra = await startLocalInfra({
    dataDir: config.dataDir,
    env: { DATABASE_URL: config.DATABASE_URL, NATS_URL: config.NATS_URL },
    persistent: true,
    ports: { postgres: config.POSTGRES_PORT, nats: config.NATS_PORT },
    log: (line) => log(`[run] ${line}`),
    natsUsers: nats?.users,
  });
  const processes = new Map<string, SupervisedProcess>();
  const state = new RunState(config.dataDir);
  const stop = async () => {
    // Ctrl-C reaches every process of the terminal's group at once: none of those exits is a crash.
    for (const proc of processes.values()) proc.markStopping();
    const gateway = processes.get(GATEWAY.name);
    await gateway?.stop();
    await Promise.all(BACKEND_SERVICES.map((s) => processes.get(s.name)?.stop()));
    await infra.stop();
    state.clear();
    removeLocalNatsCredentials(config.dataDir);
  };
  try {
    const databaseUrl = infra.external.database
      ? infra.databaseUrl
      : await ensureDatabase(infra.databaseUrl, 'meshplane');
    log(
      `[run] postgres: ${maskUrlPassword(databaseUrl)}${infra.external.database ? ' (external)' : ' (embedded)'}`,
    );
    log(
      `[run] nats: ${infra.natsUrl}${infra.external.nats ? ' (external)' : ' (embedded, JetStream, one user per service)'}`,
    );
    if (nats) writeLocalNatsCredentials(config.dataDir, nats.credentials);
    // Fresh each run unless the operator pinned it: only this run's processes ever need it.
    const contextSecret = config.INTERNAL_CONTEXT_SECRET ?? randomSecret();
    const appPassword = randomSecret();
    const baseEnv = childBaseEnv();
    const env = {
      ...baseEnv,
      ...loadLocalSecrets(config.dataDir, baseEnv),
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: config.LOG_LEVEL,
      INTERNAL_CONTEXT_SECRET: contextSecret,
      // A generated bootstrap password lands here (0600), never in the log; providers' BOOTSTRAP line names it.
      LOCAL_ADMIN_PASSWORD_FILE:
        baseEnv['LOCAL_ADMIN_PASSWORD_FILE'] ?? join(config.dataDir, 'run', 'admin-password'),
    };
    await migrateAll(config, { ...env, DATABASE_URL: databaseUrl, DATABASE_APP_PASSWORD: appPassword }, log);
    for (const spec of BACKEND_SERVICES) {
      const natsCredentials = nats?.credentials.get(spec.name);
      const serviceEnv = {
        ...env,
        // Each service connects as its own application role, never as the owner of its tables.
        DATABASE_URL: roleUrl(databaseUrl, serviceRoleNames(spec.name).appRole, appPassword),
        PORT: String(servicePort(config, spec)),
        // And to NATS as its own user, allowed only its subjects.
        ...(natsCredentials && { NATS_USER: natsCredentials.user, NATS_PASSWORD: natsCredentials.password }),
      };
      processes.set(spec.name, launch(config, spec, serviceEnv, log, state));
    }
    await Promise.all(BACKEND_SERVICES.map((spec) => waitService(config, spec, processes)));
    const subgraphUrls = Object.fromEntries(
      BACKEND_SERVICES.map((s) => [
        subgraphUrlVariable(s.name),
        `http://${config.HOST}:${servicePort(config, s)}/graphql`,
      ]),
    );
    processes.set(
      GATEWAY.name,
      launch(config, GATEWAY, { ...env, ...subgraphUrls, PORT: String(config.GATEWAY_PORT) }, log, state),
    );
    await waitService(config, GATEWAY, processes);
    state.setGatewayUrl(`http://${config.HOST}:${config.GATEWAY_PORT}/graphql`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { gatewayUrl: `http://${config.HOST}:${config.GATEWAY_PORT}/graphql`, processes, stop };
}

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function servicePort(config: RunConfig, spec: ServiceSpec): number {
  return spec === GATEWAY ? config.GATEWAY_PORT : config.SERVICE_PORT_BASE + spec.portOffset;
}

function entry(config: RunConfig, service: string, file: string): string {
  return join(config.repoRoot, 'services', service, 'dist', file);
}

function launch(
  config: RunConfig,
  spec: ServiceSpec,
  env: Record<string, string>,
  log: (l: string) => void,
  state: RunState,
) {
  const port = servicePort(config, spec);
  const proc: SupervisedProcess = new SupervisedProcess({
    name: spec.name,
    command: process.execPath,
    args: ['--enable-source-maps', entry(config, spec.name, 'main.js')],
    cwd: config.repoRoot,
    env: { ...env, HOST: config.HOST },
    restartOnCrash: config.RESTART_ON_CRASH,
    log,
    onStart: (pid) => state.update(spec.name, { pid, port, restarts: proc.restartCount }),
  });
  proc.start();
  return proc;
}

async function waitService(config: RunConfig, spec: ServiceSpec, processes: Map<string, SupervisedProcess>) {
  const url = `http://${config.HOST}:${servicePort(config, spec)}/readyz`;
  await waitReady(spec.name, url, READY_TIMEOUT_MS, () => processes.get(spec.name)?.pid !== undefined);
}

/**
 * Runs every service's migrations (each in its own schema) before any service starts: their `migrate.js`, all in
 * one process (tools/src/run/migrate-services.ts).
 */
async function migrateAll(
  config: RunConfig,
  env: Record<string, string>,
  log: (l: string) => void,
): Promise<void> {
  const services = BACKEND_SERVICES.filter((s) => s.migrates).map((s) => s.name);
  const runner = join(config.repoRoot, 'tools', 'dist', 'run', 'migrate-services.js');
  const child = spawn(process.execPath, [runner, config.repoRoot, ...services], {
    cwd: config.repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`migrations failed (exit ${code}):\n${output.slice(-4000)}`);
  for (const line of output.split('\n').filter(Boolean))
    log(line.startsWith('{') ? line : `[migrate] ${line}`);
}

export type { LocalInfra };
