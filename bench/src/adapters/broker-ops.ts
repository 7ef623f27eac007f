import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterClient, createAdapterServer, noopAdapter, type AdapterServer } from '@meshplane/adapters-sdk';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { brokerGraphql, registerAdapter, startBrokerStack, type BrokerStack } from './broker-process.js';

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
  /**
   * The floor under any operation requested through the broker: one read over its GraphQL (`adapter(id)`: the
   * HTTP request, the caller's signed context, Apollo, one tenant transaction), at the same concurrency. An
   * operation needs at least this plus the adapter's call (the whole of the direct figure).
   */
  brokerReadsPerSec: number[];
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
  let stack: BrokerStack | undefined;
  let adapter: AdapterServer | undefined;
  try {
    const nodeArgs = (process.env['BENCH_BROKER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    stack = await startBrokerStack({ env: { ADAPTER_OPERATION_POLL_MS: '100' }, nodeArgs });
    adapter = createAdapterServer(noopAdapter());
    const adapterPort = await adapter.listen('127.0.0.1:0');
    const address = `127.0.0.1:${adapterPort}`;
    const direct = new AdapterClient(address);

    const brokerOpsPerSec: number[] = [];
    const directOpsPerSec: number[] = [];
    const brokerReadsPerSec: number[] = [];
    // Uncounted warm-up of both paths (JIT, pools, the executor's first claims).
    const warm = Math.min(plan.operations, 20);
    await viaBroker(stack, address, { ...plan, operations: warm });
    await viaGrpc(direct, { ...plan, operations: warm });
    for (let r = 0; r < plan.rounds; r++) {
      const broker = async (s: BrokerStack) => brokerOpsPerSec.push(await viaBroker(s, address, plan));
      const grpc = async () => directOpsPerSec.push(await viaGrpc(direct, plan));
      const reads = async (s: BrokerStack) => brokerReadsPerSec.push(await brokerReads(s, address, plan));
      if (r % 2 === 0) {
        await grpc();
        await broker(stack);
        await reads(stack);
      } else {
        await reads(stack);
        await broker(stack);
        await grpc();
      }
    }
    return { brokerOpsPerSec, directOpsPerSec, brokerReadsPerSec };
  } finally {
    await adapter?.close(0);
    await stack?.close();
  }
}

/** `plan.operations` validate operations requested through the broker's GraphQL; ops/s until all SUCCEEDED. */
async function viaBroker(stack: BrokerStack, adapterAddress: string, plan: OpsPlan): Promise<number> {
  const graphql = brokerGraphql(stack, randomUUID());
  const adapterId = await registerAdapter(graphql, adapterAddress);
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

/** `plan.operations` reads of one adapter through the broker's GraphQL; reads/s. */
async function brokerReads(stack: BrokerStack, adapterAddress: string, plan: OpsPlan): Promise<number> {
  const graphql = brokerGraphql(stack, randomUUID());
  const adapterId = await registerAdapter(graphql, adapterAddress);
  const query = `
    query ($id: ID!) {
      adapter(id: $id) {
        id
      }
    }
  `;
  await graphql<{ adapter: { id: string } }>(query, { id: adapterId });
  const started = performance.now();
  await inParallel(plan.operations, plan.concurrency, async () => {
    const { adapter } = await graphql<{ adapter: { id: string } }>(query, { id: adapterId });
    if (adapter.id !== adapterId) throw new Error(`adapter(id) answered ${adapter.id}, not ${adapterId}`);
  });
  return (plan.operations * 1000) / (performance.now() - started);
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
