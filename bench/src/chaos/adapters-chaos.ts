// First: every connection of this process, and (through LOOPBACK_ONLY_NODE_ARGS) of its children, stays on loopback.
import '../loopback-only.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { processEnv } from '@meshplane/config';
import { getFreePort } from '@meshplane/local-infra';
import {
  brokerGraphql,
  registerAdapter,
  startBrokerStack,
  type BrokerStack,
} from '../adapters/broker-process.js';
import { benchMode } from '../bench-mode.js';
import { LOOPBACK_ONLY_NODE_ARGS } from '../loopback-only.js';

/**
 * `npm run chaos:adapters`: SIGKILL in the middle of adapter operations, seeded, and what must hold afterwards.
 *
 * The broker runs as deployed (its own process, scratch Postgres and nats-server) with the SDK's no-op adapter as a
 * process of its own that journals each run's start and completion (journal-adapter-main.ts). Each run requests a
 * few installs (three steps of `stepMs` each), then at a seeded moment SIGKILLs either the adapter or the broker,
 * restarts it after a seeded pause, and waits for every operation to end. Then:
 * - **no operation lost**: every one is SUCCEEDED, FAILED or CANCELLED within 120 s (none PENDING/RUNNING);
 * - **none run twice**: no operation completed twice in the adapter's journal; a SUCCEEDED one completed once;
 * - **the broker killed**: the adapter lived, so every operation SUCCEEDED, and each was started by the adapter exactly
 *   once (the broker that took the lease over re-sent the same id, which the adapter attached to);
 * - **the adapter killed**: an operation cut mid-run is FAILED naming the adapter, or (install is idempotent) run
 *   again from the start by the restarted adapter and SUCCEEDED, never completed twice.
 * Exits non-zero naming the run, the seed and the operation when anything does not hold.
 *
 * CHAOS_SEED (default 20261205) and CHAOS_RUNS (default 10 of each kind) change the schedule; `--smoke` /
 * BENCH_SMOKE=1: one run of each kind (the test command runs it).
 */
const ADAPTER_MAIN = fileURLToPath(new URL('./journal-adapter-main.js', import.meta.url));
const OPERATIONS_PER_RUN = 4;
const STEP_MS = 150;
const SETTLE_TIMEOUT_MS = 120_000;

type Kind = 'broker' | 'adapter';

interface Outcome {
  run: number;
  kind: Kind;
  killAfterMs: number;
  downMs: number;
  statuses: Record<string, number>;
}

async function main(): Promise<void> {
  const { smoke } = benchMode();
  const env = processEnv();
  const seed = Number(env['CHAOS_SEED'] ?? 20261205);
  const runsPerKind = smoke ? 1 : Number(env['CHAOS_RUNS'] ?? 10);
  const random = mulberry32(seed);
  const workDir = mkdtempSync(join(tmpdir(), 'meshplane-chaos-adapters-'));
  const journal = join(workDir, 'journal.log');
  writeFileSync(journal, '');
  let stack: BrokerStack | undefined;
  let adapter: ChildProcess | undefined;
  const adapterPort = await getFreePort();
  const startAdapter = async () => {
    adapter = await startJournalAdapter(journal, adapterPort);
  };
  try {
    stack = await startBrokerStack({
      env: {
        ADAPTER_OPERATION_POLL_MS: '100',
        // A killed broker's operations are taken over when its lease expires: short, so runs stay short.
        ADAPTER_OPERATION_LEASE_MS: '1500',
        ADAPTER_OPERATION_MAX_ATTEMPTS: '8',
        // Retries 0.3, 0.6, 1.2, 2.4 s … apart (≤ 30 s): an adapter that comes back gets its operations.
        ADAPTER_OPERATION_RETRY_BACKOFF_MS: '300',
        // Roomy: the smoke runs on a machine loaded far past its cores, where a slow answer is not a dead adapter.
        ADAPTER_CALL_TIMEOUT_MS: '10000',
        ADAPTER_BACKOFF_INITIAL_MS: '100',
        ADAPTER_BACKOFF_MAX_MS: '500',
        ADAPTER_CHECK_INTERVAL_MS: '500',
      },
    });
    await startAdapter();
    const outcomes: Outcome[] = [];
    const kinds: Kind[] = Array.from({ length: runsPerKind * 2 }, (_, i) =>
      i % 2 === 0 ? 'broker' : 'adapter',
    );
    for (const [run, kind] of kinds.entries()) {
      const graphql = brokerGraphql(stack, randomUUID());
      const adapterId = await registerAdapter(graphql, `127.0.0.1:${adapterPort}`);
      const killAfterMs = Math.round(100 + random() * STEP_MS * 3);
      const downMs = Math.round(random() * 600);
      const ids: string[] = [];
      for (let i = 0; i < OPERATIONS_PER_RUN; i++) {
        const { runAdapterOperation } = await graphql<{ runAdapterOperation: { id: string } }>(
          `
            mutation ($input: RunAdapterOperationInput!) {
              runAdapterOperation(input: $input) {
                id
              }
            }
          `,
          {
            input: {
              adapterId,
              operation: 'install',
              input: { version: '1.1.0', stepMs: STEP_MS },
              idempotencyKey: `chaos-${run}-${i}`,
              deadlineSeconds: 120,
            },
          },
        );
        ids.push(runAdapterOperation.id);
      }
      await sleep(killAfterMs);
      if (kind === 'broker') {
        await stack.kill();
        await sleep(downMs);
        await stack.start();
      } else {
        await stopProcess(adapter, 'SIGKILL');
        await sleep(downMs);
        await startAdapter();
      }
      const ended = await settle(graphql, ids);
      const where = `run ${run} (${kind} killed after ${killAfterMs} ms, down ${downMs} ms; seed ${seed})`;
      const lines = readFileSync(journal, 'utf8').split('\n');
      const count = (what: 'start' | 'done', id: string) => lines.filter((l) => l === `${what} ${id}`).length;
      for (const op of ended) {
        const starts = count('start', op.id);
        const completions = count('done', op.id);
        const said = `${where}: operation ${op.id} ${op.status} (${op.message ?? ''}), started ${starts}, completed ${completions}`;
        if (completions > 1) throw new Error(`${said}: completed twice`);
        if (op.status === 'SUCCEEDED' && completions !== 1)
          throw new Error(`${said}: SUCCEEDED without one completion`);
        if (kind === 'broker' && op.status !== 'SUCCEEDED')
          throw new Error(`${said}: the adapter lived, yet it did not succeed`);
        if (kind === 'broker' && starts !== 1)
          throw new Error(`${said}: the adapter started it ${starts} times`);
        if (op.status === 'FAILED' && !/noop-adapter/.test(op.message ?? ''))
          throw new Error(`${said}: a failure that does not name the adapter`);
      }
      const statuses: Record<string, number> = {};
      for (const op of ended) statuses[op.status] = (statuses[op.status] ?? 0) + 1;
      outcomes.push({ run, kind, killAfterMs, downMs, statuses });
      process.stdout.write(`${where}: ${JSON.stringify(statuses)}\n`);
      if (env['CHAOS_VERBOSE'])
        for (const op of ended) process.stdout.write(`  ${op.status} ${op.message ?? ''}\n`);
    }
    const result = {
      chaos: 'adapters',
      smoke,
      seed,
      runs: outcomes.length,
      operations: outcomes.length * OPERATIONS_PER_RUN,
      byKind: Object.fromEntries(
        (['broker', 'adapter'] as const).map((kind) => [
          kind,
          sumStatuses(outcomes.filter((o) => o.kind === kind)),
        ]),
      ),
      lost: 0,
      completedTwice: 0,
    };
    process.stdout.write(
      `\nEvery operation ended in a recorded state; none completed twice.\n${JSON.stringify(result)}\n`,
    );
  } finally {
    await stopProcess(adapter, 'SIGTERM');
    await stack?.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

interface Ended {
  id: string;
  status: string;
  message: string | null;
}

/** Waits until every operation is final; throws naming those still PENDING or RUNNING (lost). */
async function settle(graphql: ReturnType<typeof brokerGraphql>, ids: string[]): Promise<Ended[]> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const ops = await Promise.all(
      ids.map(async (id) => {
        const { adapterOperation } = await graphql<{ adapterOperation: Ended }>(
          `
            query ($id: ID!) {
              adapterOperation(id: $id) {
                id
                status
                message
              }
            }
          `,
          { id },
        );
        return adapterOperation;
      }),
    );
    const open = ops.filter((op) => op.status === 'PENDING' || op.status === 'RUNNING');
    if (open.length === 0) return ops;
    if (Date.now() > deadline)
      throw new Error(
        `lost: ${open.map((op) => `${op.id} still ${op.status} (${op.message ?? ''})`).join('; ')}`,
      );
    await sleep(100);
  }
}

async function startJournalAdapter(journal: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...LOOPBACK_ONLY_NODE_ARGS, ADAPTER_MAIN], {
    env: { ...processEnv(), CHAOS_JOURNAL: journal, CHAOS_ADAPTER_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  // Generous: the test command runs this smoke on a machine loaded far past its cores.
  for (const deadline = Date.now() + 120_000; !output.includes('listening'); ) {
    if (child.exitCode !== null) throw new Error(`the journal adapter exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the journal adapter did not start within 120 s');
    await sleep(20);
  }
  return child;
}

async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

function sumStatuses(outcomes: Outcome[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const o of outcomes) for (const [k, v] of Object.entries(o.statuses)) total[k] = (total[k] ?? 0) + v;
  return total;
}

/** A small seeded PRNG: the same seed, the same kill schedule. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos:adapters failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
