import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { INTERNAL_CONTEXT_HEADER, signInternalContext } from '@meshplane/auth';
import { processEnv } from '@meshplane/config';
import { roleUrl } from '@meshplane/database';
import { getFreePort, startLocalInfra, type LocalInfra } from '@meshplane/local-infra';
import { LOOPBACK_ONLY_NODE_ARGS } from '../loopback-only.js';

const BROKER_DIST = fileURLToPath(new URL('../../../services/adapters-broker/dist/', import.meta.url));
const APP_ROLE = 'meshplane_adapters_broker_app';
const SERVICE = 'adapters-broker';

/** adapters-broker as deployed: its own process on a scratch embedded Postgres and nats-server, on 127.0.0.1. */
export interface BrokerStack {
  /** The broker's base URL (`/graphql`, `/readyz`). */
  url: string;
  /** Its INTERNAL_CONTEXT_SECRET: the bench signs caller contexts with it, as the gateway would. */
  secret: string;
  infra: LocalInfra;
  /** Starts the broker (again) and waits until it is ready. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook runs (leases stay until they expire). */
  kill(): Promise<void>;
  /** Stops everything and removes the scratch data. */
  close(): Promise<void>;
}

export async function startBrokerStack(
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<BrokerStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshplane-bench-broker-'));
  // Embedded Postgres runs as its own user when the bench runs as root: it must be able to enter the directory.
  chmodSync(dataDir, 0o755);
  let infra: LocalInfra | undefined;
  let child: ChildProcess | undefined;
  try {
    infra = await startLocalInfra({ dataDir, env: {}, persistent: false });
    const appPassword = randomBytes(18).toString('base64url');
    const secret = randomBytes(32).toString('hex');
    await runToCompletion(join(BROKER_DIST, 'migrate.js'), {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_APP_PASSWORD: appPassword,
    });
    const port = await getFreePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      ...processEnv(),
      DATABASE_URL: roleUrl(infra.databaseUrl, APP_ROLE, appPassword),
      NATS_URL: infra.natsUrl,
      INTERNAL_CONTEXT_SECRET: secret,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ADAPTER_CHECK_INTERVAL_MS: '60000',
      ...options.env,
    };
    const started = infra;
    const stack: BrokerStack = {
      url,
      secret,
      infra: started,
      async start() {
        child = spawn(
          process.execPath,
          [...LOOPBACK_ONLY_NODE_ARGS, ...(options.nodeArgs ?? []), join(BROKER_DIST, 'main.js')],
          { env, stdio: ['ignore', 'ignore', 'inherit'] },
        );
        await waitReady(`${url}/readyz`, child);
      },
      async kill() {
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      },
      async close() {
        if (child && child.exitCode === null && child.signalCode === null) {
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        }
        await started.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    await stack.start();
    return stack;
  } catch (error) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await infra?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** GraphQL to the broker as an admin of `orgId` (a context signed per request, as the gateway signs it). */
export function brokerGraphql(stack: Pick<BrokerStack, 'url' | 'secret'>, orgId: string) {
  const caller = { orgId, userId: randomUUID(), roles: ['admin'] };
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [INTERNAL_CONTEXT_HEADER]: signInternalContext({ ...caller, requestId: randomUUID() }, stack.secret, {
          ttlMs: 60_000,
          audience: SERVICE,
        }),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`broker: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
}

/** Registers an adapter for the organization and waits until the broker finds it SERVING. */
export async function registerAdapter(
  graphql: ReturnType<typeof brokerGraphql>,
  address: string,
): Promise<string> {
  const { registerAdapter: registered } = await graphql<{ registerAdapter: { id: string } }>(
    `
      mutation ($input: RegisterAdapterInput!) {
        registerAdapter(input: $input) {
          id
        }
      }
    `,
    { input: { address } },
  );
  for (const deadline = Date.now() + 30_000; ; ) {
    const { adapter } = await graphql<{ adapter: { health: { status: string } } }>(
      `
        query ($id: ID!) {
          adapter(id: $id) {
            health {
              status
            }
          }
        }
      `,
      { id: registered.id },
    );
    if (adapter.health.status === 'SERVING') return registered.id;
    if (Date.now() > deadline) throw new Error(`the adapter at ${address} never became SERVING`);
    await sleep(50);
  }
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`adapters-broker exited with ${child.exitCode}`);
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error('adapters-broker was not ready within 120 s');
}

async function runToCompletion(script: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [...LOOPBACK_ONLY_NODE_ARGS, script], {
    env: { ...processEnv(), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
}
