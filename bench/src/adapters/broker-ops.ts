import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterClient, createAdapterServer, noopAdapter, type AdapterServer } from '@meshplane/adapters-sdk';
import { INTERNAL_CONTEXT_HEADER, signInternalContext } from '@meshplane/auth';
import { processEnv } from '@meshplane/config';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { roleUrl } from '@meshplane/database';
import { getFreePort, startLocalInfra, type LocalInfra } from '@meshplane/local-infra';
import { LOOPBACK_ONLY_NODE_ARGS } from '../loopback-only.js';

const BROKER_DIST = fileURLToPath(new URL('../../../services/adapters-broker/dist/', import.meta.url));
const APP_ROLE = 'meshplane_adapters_broker_app';
const SERVICE = 'adapters-broker';

export interface OpsPlan {
  /** Operations per measurement. */
  operations: number;
  /** Requests in flight at once, the same for both paths. */
  concurrency: number;
  rounds: number;
}

export interface OpsFigures {
  /** Operations per second through the broker: requested over GraphQL until every one is SUCCEEDED. */
  brokerOpsPerSec: number[];
  /** ApplyOperation straight to the adapter over gRPC, at the same concurrency. */
  directOpsPerSec: number[];
}

/**
 * Operations per second through adapters-broker (its own process, on a scratch Postgres and nats-server, as
 * deployed) with the SDK's no-op adapter (`validate`: answers at once), against ApplyOperation calls straight to the
 * same adapter over gRPC. Through the broker an operation is a GraphQL request, a row, a claim by the executor, the
 * adapter's ApplyOperation and StreamEvents, each event stored and published on JetStream, and the final state
 * recorded: the figure is what that persisted state machine costs over the bare call. Rounds alternate which path
 * goes first; each round of the broker uses an organization of its own, so its count of SUCCEEDED is its own.
 */
export async function measureBrokerOps(plan: OpsPlan): Promise<OpsFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meshplane-bench-broker-'));
  // Embedded Postgres runs as its own user when the bench runs as root: it must be able to enter the directory.
  chmodSync(dataDir, 0o755);
  let infra: LocalInfra | undefined;
  let broker: ChildProcess | undefined;
  let adapter: AdapterServer | undefined;
  try {
    infra = await startLocalInfra({ dataDir, env: {}, persistent: false });
    const appPassword = randomBytes(18).toString('base64url');
    const secret = randomBytes(32).toString('hex');
    await runToCompletion(join(BROKER_DIST, 'migrate.js'), {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_APP_PASSWORD: appPassword,
    });
    const port = await getFreePort();
    const nodeArgs = (process.env['BENCH_BROKER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    broker = spawn(
      process.execPath,
      [...LOOPBACK_ONLY_NODE_ARGS, ...nodeArgs, join(BROKER_DIST, 'main.js')],
      {
        env: {
          ...processEnv(),
          DATABASE_URL: roleUrl(infra.databaseUrl, APP_ROLE, appPassword),
          NATS_URL: infra.natsUrl,
          INTERNAL_CONTEXT_SECRET: secret,
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'warn',
          ADAPTER_OPERATION_POLL_MS: '100',
          ADAPTER_CHECK_INTERVAL_MS: '60000',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const url = `http://127.0.0.1:${port}`;
    await waitReady(`${url}/readyz`, broker);

    adapter = createAdapterServer(noopAdapter());
    const adapterPort = await adapter.listen('127.0.0.1:0');
    const address = `127.0.0.1:${adapterPort}`;
    const direct = new AdapterClient(address);

    const brokerOpsPerSec: number[] = [];
    const directOpsPerSec: number[] = [];
    // Uncounted warm-up of both paths (JIT, pools, the executor's first claims).
    const warm = Math.min(plan.operations, 20);
    await viaBroker(url, secret, address, { ...plan, operations: warm });
    await viaGrpc(direct, { ...plan, operations: warm });
    for (let r = 0; r < plan.rounds; r++) {
      const broker = async () => brokerOpsPerSec.push(await viaBroker(url, secret, address, plan));
      const grpc = async () => directOpsPerSec.push(await viaGrpc(direct, plan));
      if (r % 2 === 0) {
        await grpc();
        await broker();
      } else {
        await broker();
        await grpc();
      }
    }
    return { brokerOpsPerSec, directOpsPerSec };
  } finally {
    await adapter?.close(0);
    if (broker && broker.exitCode === null && broker.signalCode === null) {
      const exited = once(broker, 'exit');
      broker.kill('SIGTERM');
      await exited;
    }
    await infra?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `plan.operations` validate operations requested through the broker's GraphQL; ops/s until all SUCCEEDED. */
async function viaBroker(
  url: string,
  secret: string,
  adapterAddress: string,
  plan: OpsPlan,
): Promise<number> {
  const orgId = randomUUID();
  const admin = { orgId, userId: randomUUID(), roles: ['admin'] };
  const graphql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [INTERNAL_CONTEXT_HEADER]: signInternalContext({ ...admin, requestId: randomUUID() }, secret, {
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
  const { registerAdapter } = await graphql<{ registerAdapter: { id: string } }>(
    `
      mutation ($input: RegisterAdapterInput!) {
        registerAdapter(input: $input) {
          id
        }
      }
    `,
    { input: { address: adapterAddress } },
  );
  const adapterId = registerAdapter.id;
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
      { id: adapterId },
    );
    if (adapter.health.status === 'SERVING') break;
    if (Date.now() > deadline)
      throw new Error(`the no-op adapter never became SERVING (${adapter.health.status})`);
    await sleep(50);
  }
  const counts = async () =>
    graphql<{ ok: { totalCount: number }; failed: { totalCount: number } }>(
      `
        query {
          ok: adapterOperations(first: 1, filter: { status: [SUCCEEDED] }) {
            totalCount
          }
          failed: adapterOperations(first: 1, filter: { status: [FAILED, CANCELLED] }) {
            totalCount
          }
        }
      `,
      {},
    );
  const started = performance.now();
  await inParallel(plan.operations, plan.concurrency, async (i) => {
    await graphql(
      `
        mutation ($input: RunAdapterOperationInput!) {
          runAdapterOperation(input: $input) {
            id
          }
        }
      `,
      { input: { adapterId, operation: 'validate', input: {}, idempotencyKey: `bench-${i}` } },
    );
  });
  for (const deadline = Date.now() + 120_000; ; ) {
    const { ok, failed } = await counts();
    if (failed.totalCount > 0) throw new Error(`${failed.totalCount} operations did not succeed`);
    if (ok.totalCount >= plan.operations) break;
    if (Date.now() > deadline)
      throw new Error(`only ${ok.totalCount} of ${plan.operations} operations succeeded in 120 s`);
    await sleep(20);
  }
  const perSec = (plan.operations * 1000) / (performance.now() - started);
  return perSec;
}

/** The same operations as ApplyOperation calls straight to the adapter. */
async function viaGrpc(client: AdapterClient, plan: OpsPlan): Promise<number> {
  const orgId = randomUUID();
  const started = performance.now();
  await inParallel(plan.operations, plan.concurrency, async () => {
    const response = await client.applyOperation({
      operationId: randomUUID(),
      operation: 'validate',
      orgId,
      namespace: '',
      input: {},
      deadline: new Date(Date.now() + 60_000),
    });
    if (response.state !== adapterV1.OperationState.OPERATION_STATE_SUCCEEDED)
      throw new Error(`ApplyOperation answered state ${response.state}: ${response.message}`);
  });
  return (plan.operations * 1000) / (performance.now() - started);
}

async function inParallel(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`adapters-broker exited with ${child.exitCode}`);
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error('adapters-broker was not ready within 60 s');
}

async function runToCompletion(script: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [...LOOPBACK_ONLY_NODE_ARGS, script], {
    env: { ...processEnv(), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
}
