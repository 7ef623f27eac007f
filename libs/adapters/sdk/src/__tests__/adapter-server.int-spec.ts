import { randomUUID } from 'node:crypto';
import { credentials, status as GrpcStatus } from '@grpc/grpc-js';
import { adapterV1, grpcHealthV1 } from '@meshplane/contracts/grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterServer, type AdapterServer } from '../adapter-server.js';
import { AdapterClient } from '../conformance/adapter-client.js';
import { conformanceFailures, runAdapterConformance } from '../conformance/run-adapter-conformance.js';
import { noopAdapter, type RunCounter } from '../testing/noop-adapter.js';
import {
  CA_CERT_PEM,
  CLIENT_CERT_PEM,
  CLIENT_KEY_PEM,
  SERVER_CERT_PEM,
  SERVER_KEY_PEM,
} from '../testing/test-pki.js';

const { OperationState } = adapterV1;

const conformance = {
  probe: { operation: 'install', input: { version: '1.0.0' } },
  invalidInput: { input: { version: '9.9.9' }, field: 'input.version' },
  slow: { operation: 'install', input: { version: '1.0.0', stepMs: 5_000 } },
  deadlineMs: 200,
};

describe('adapter server over loopback gRPC', () => {
  const counter: RunCounter = new Map();
  let server: AdapterServer;
  let address: string;
  let client: AdapterClient;

  beforeAll(async () => {
    server = createAdapterServer(noopAdapter(counter));
    address = `127.0.0.1:${await server.listen()}`;
    client = new AdapterClient(address);
  });

  afterAll(async () => {
    client.close();
    await server.close(500);
  });

  it('passes the conformance kit', async () => {
    const report = await runAdapterConformance(address, conformance);
    expect(conformanceFailures(report)).toEqual([]);
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['health is SERVING', 'passed'],
      ['info names the adapter and its mesh versions', 'passed'],
      ['catalogue schemas are valid JSON Schemas', 'passed'],
      ['invalid input is refused, naming the field', 'passed'],
      ['a retried operation id runs once and answers the same', 'passed'],
      ['the event stream replays and ends with the final state', 'passed'],
      ['the deadline is honoured', 'passed'],
    ]);
    // Every id the kit applied ran its handler exactly once.
    expect(new Set(counter.values())).toEqual(new Set([1]));
  });

  it('reports a check the adapter fails instead of throwing', async () => {
    const report = await runAdapterConformance(address, {
      ...conformance,
      invalidInput: { input: { version: '9.9.9' }, field: 'input.profile' },
      slow: undefined,
    });
    expect(report.passed).toBe(false);
    expect(conformanceFailures(report)).toEqual([
      expect.stringMatching(
        /^invalid input is refused, naming the field: the error does not name input.profile/,
      ),
    ]);
    expect(report.checks.find((check) => check.name === 'the deadline is honoured')?.status).toBe('skipped');
  });

  it('refuses invalid input before running anything, naming every field', async () => {
    const operationId = randomUUID();
    const error = await client
      .applyOperation({ operationId, operation: 'install', input: { version: 1, extra: true } })
      .catch((cause: unknown) => cause);
    expect(error).toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    expect((error as { details: string }).details).toMatch(/input\.version must be string/);
    expect((error as { details: string }).details).toMatch(/input\.extra is not allowed/);
    expect(counter.has(operationId)).toBe(false);
  });

  it('refuses an unknown operation, a dry run or delete it does not support, and sealed credentials', async () => {
    const codes = await Promise.all(
      [
        { operation: 'upgrade' },
        { operation: 'validate', dryRun: true },
        { operation: 'validate', delete: true },
        {
          operation: 'validate',
          target: {
            connectionId: 'c',
            credentials: { sealed: { keyId: 'k', algorithm: 'x', ciphertext: Buffer.from('z') } },
          },
        },
      ].map((request) =>
        client.applyOperation({ operationId: randomUUID(), input: {}, ...request }).then(
          () => 'accepted',
          (error: { code: number }) => GrpcStatus[error.code],
        ),
      ),
    );
    expect(codes).toEqual([
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'FAILED_PRECONDITION',
    ]);
  });

  it('hands the kubeconfig and validated input with defaults to the handler', async () => {
    let seen: unknown;
    const probe = createAdapterServer({
      ...noopAdapter(),
      operations: [
        {
          name: 'configure',
          description: 'records what it got',
          category: 'configure',
          inputSchema: { type: 'object', properties: { mtls: { type: 'string', default: 'strict' } } },
          async run(ctx) {
            seen = { input: ctx.input, kubeconfig: ctx.target.kubeconfig, namespace: ctx.namespace };
          },
        },
      ],
    });
    const probeClient = new AdapterClient(`127.0.0.1:${await probe.listen()}`);
    try {
      const response = await probeClient.applyOperation({
        operationId: randomUUID(),
        operation: 'configure',
        namespace: 'bookinfo',
        target: { connectionId: 'c-1', credentials: { kubeconfig: Buffer.from('apiVersion: v1\n') } },
      });
      expect(response.state).toBe(OperationState.OPERATION_STATE_SUCCEEDED);
      expect(seen).toEqual({
        input: { mtls: 'strict' },
        kubeconfig: 'apiVersion: v1\n',
        namespace: 'bookinfo',
      });
    } finally {
      probeClient.close();
      await probe.close(500);
    }
  });

  it('cancels a running operation and ends its event stream with CANCELLED', async () => {
    const operationId = randomUUID();
    const events = client.streamEvents(operationId);
    const running = client.applyOperation({
      operationId,
      operation: 'install',
      input: { version: '1.1.0', stepMs: 5_000 },
    });
    await expect.poll(() => counter.get(operationId)).toBe(1);
    expect((await client.cancelOperation(operationId)).state).toBe(OperationState.OPERATION_STATE_CANCELLED);
    expect((await running).state).toBe(OperationState.OPERATION_STATE_CANCELLED);
    expect((await events).map((event) => event.state)).toEqual([OperationState.OPERATION_STATE_CANCELLED]);
  });

  it('reports a failure with its probable cause and remedy', async () => {
    const operationId = randomUUID();
    const response = await client.applyOperation({
      operationId,
      operation: 'validate',
      input: { fail: true },
    });
    expect(response.state).toBe(OperationState.OPERATION_STATE_FAILED);
    const [final] = await client.streamEvents(operationId);
    expect(final).toMatchObject({
      severity: adapterV1.EventSeverity.EVENT_SEVERITY_ERROR,
      probableCause: ['the no-op control plane was asked to fail'],
      suggestedRemediation: ['run validate with fail=false'],
    });
  });

  it('streams only the events after after_sequence', async () => {
    const operationId = randomUUID();
    await client.applyOperation({ operationId, operation: 'install', input: { version: '1.0.0' } });
    const events = await client.streamEvents(operationId, 2);
    expect(events.map((event) => event.sequence)).toEqual(['3', '4']);
    expect(events.at(-1)?.state).toBe(OperationState.OPERATION_STATE_SUCCEEDED);
  });

  it('pages through components', async () => {
    const page = await client.listComponents({ pageToken: '', pageSize: 1 });
    expect(page.components.map((c) => c.kind)).toEqual(['NoopPolicy']);
    expect(page.nextPageToken).toBe('');
    await expect(client.listComponents({ pageToken: 'x', pageSize: 1 })).rejects.toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
    });
  });

  it('refuses to serve plaintext on a non-loopback address', async () => {
    await expect(createAdapterServer(noopAdapter()).listen('0.0.0.0:0')).rejects.toThrow(/without TLS/);
  });

  it('refuses an adapter whose schema is broken, naming the operation', () => {
    const adapter = noopAdapter();
    const broken = {
      ...adapter,
      operations: adapter.operations.map((operation) => ({ ...operation, inputSchema: { type: 'objekt' } })),
    };
    expect(() => createAdapterServer(broken)).toThrow(/operation install: invalid JSON Schema/);
  });
});

describe('adapter server with mTLS', () => {
  let server: AdapterServer;
  let port: number;

  beforeAll(async () => {
    server = createAdapterServer(noopAdapter(), {
      tls: { certChain: SERVER_CERT_PEM, privateKey: SERVER_KEY_PEM, clientCa: CA_CERT_PEM },
    });
    port = await server.listen('127.0.0.1:0');
  });

  afterAll(() => server.close(500));

  it('serves a client with a certificate from the client CA', async () => {
    const client = new AdapterClient(
      `127.0.0.1:${port}`,
      credentials.createSsl(
        Buffer.from(CA_CERT_PEM),
        Buffer.from(CLIENT_KEY_PEM),
        Buffer.from(CLIENT_CERT_PEM),
      ),
    );
    try {
      expect(await client.healthCheck()).toBe(grpcHealthV1.HealthCheckResponse_ServingStatus.SERVING);
    } finally {
      client.close();
    }
  });

  it('refuses a client without a certificate', async () => {
    const client = new AdapterClient(
      `127.0.0.1:${port}`,
      credentials.createSsl(Buffer.from(CA_CERT_PEM)),
      2_000,
    );
    try {
      await expect(client.healthCheck()).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    } finally {
      client.close();
    }
  });
});
