import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { adapterV1 } from '@meshplane/contracts/grpc';
import type { AdapterDefinition } from '../adapter-definition.js';
import { createAdapterServer } from '../adapter-server.js';
import { AdapterClient } from '../conformance/adapter-client.js';

/** The cluster an adapter under test works on: its kubeconfig is sent with every operation, as the broker does. */
export interface HarnessCluster {
  kubeconfig(): string;
}

export interface OperationOptions {
  namespace?: string;
  delete?: boolean;
  dryRun?: boolean;
}

export interface AdapterHarness {
  /** host:port of the adapter, on 127.0.0.1. */
  readonly address: string;
  readonly client: AdapterClient;
  /** The adapter's state directory (removed by stop). */
  readonly stateDir: string;
  /** The id of the last operation `run` sent. */
  readonly lastOperationId: string;
  /** One ApplyOperation call as the broker makes it (org `org-1`, connection `conn-1`), a fresh operation id each. */
  run(
    operation: string,
    input: Record<string, unknown>,
    options?: OperationOptions,
  ): Promise<adapterV1.ApplyOperationResponse>;
  /** Stops the adapter and removes its state directory. */
  stop(): Promise<void>;
}

/**
 * For adapter authors' tests: starts the adapter `define(stateDir)` returns (a fresh state directory, e.g. for a
 * FileInventoryStore) on 127.0.0.1, with a client that sends operations against `cluster`.
 */
export async function startAdapterHarness(
  name: string,
  define: (stateDir: string) => AdapterDefinition,
  cluster: HarnessCluster,
  options: { callTimeoutMs?: number } = {},
): Promise<AdapterHarness> {
  const stateDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const server = createAdapterServer(define(stateDir));
  const address = `127.0.0.1:${await server.listen()}`;
  const client = new AdapterClient(address, undefined, options.callTimeoutMs ?? 25_000);
  let sequence = 0;
  let lastOperationId = '';
  return {
    address,
    client,
    stateDir,
    get lastOperationId() {
      return lastOperationId;
    },
    run(operation, input, extra = {}) {
      lastOperationId = `${name}-${operation}-${(sequence += 1)}`;
      return client.applyOperation({
        operationId: lastOperationId,
        operation,
        orgId: 'org-1',
        namespace: extra.namespace ?? '',
        input,
        delete: extra.delete ?? false,
        dryRun: extra.dryRun ?? false,
        target: { connectionId: 'conn-1', credentials: { kubeconfig: Buffer.from(cluster.kubeconfig()) } },
      });
    },
    async stop() {
      client.close();
      await server.close(500);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 25 ms until it holds; after `timeoutMs` (default 20 s) fails with `what` and `state()`. */
export async function waitUntil(
  what: string,
  check: () => boolean,
  state: () => unknown,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state())}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
