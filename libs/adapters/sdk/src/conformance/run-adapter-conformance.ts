import { randomUUID } from 'node:crypto';
import { status as GrpcStatus, type ChannelCredentials } from '@grpc/grpc-js';
import { adapterV1, grpcHealthV1 } from '@meshplane/contracts/grpc';
import { ADAPTER_SERVICE_NAME } from '../adapter-server.js';
import { assertValidSchema } from '../input-schema.js';
import type { JsonObject } from '../json.js';
import { AdapterClient, isServiceError } from './adapter-client.js';

export interface ConformanceOptions {
  /** How to reach the adapter (default: plaintext, for loopback). */
  credentials?: ChannelCredentials;
  /**
   * An operation and an input it accepts, run under one operation id several times (it is a dry run when the
   * operation supports one). It should finish within a few seconds.
   */
  probe: { operation: string; input: JsonObject; namespace?: string; kubeconfig?: string };
  /** An input of the probe operation that its schema refuses, and the field the error must name. */
  invalidInput: { input: JsonObject; field: string };
  /** An operation and input that run longer than `deadlineMs`; without it the deadline check is skipped. */
  slow?: { operation: string; input: JsonObject };
  deadlineMs?: number;
  callTimeoutMs?: number;
}

export interface ConformanceCheck {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  detail?: string;
}

export interface ConformanceReport {
  passed: boolean;
  checks: ConformanceCheck[];
}

type Check = (client: AdapterClient, options: ConformanceOptions) => Promise<string | void>;

class Skip extends Error {}

/**
 * The checks every adapter must pass before a broker can rely on it. Run it against your adapter's address
 * (in a test: start the adapter on 127.0.0.1:0 and pass `127.0.0.1:<port>`); it returns a report and does not
 * throw for a failed check, so the report shows every problem at once.
 */
export async function runAdapterConformance(
  address: string,
  options: ConformanceOptions,
): Promise<ConformanceReport> {
  const client = new AdapterClient(address, options.credentials, options.callTimeoutMs);
  const checks: ConformanceCheck[] = [];
  try {
    for (const [name, check] of Object.entries(conformanceChecks)) {
      try {
        const detail = await check(client, options);
        checks.push({ name, status: 'passed', ...(detail ? { detail } : {}) });
      } catch (error) {
        const skipped = error instanceof Skip;
        checks.push({ name, status: skipped ? 'skipped' : 'failed', detail: describe(error) });
      }
    }
  } finally {
    client.close();
  }
  return { passed: checks.every((check) => check.status !== 'failed'), checks };
}

/** One line per failed check, for an assertion message. */
export function conformanceFailures(report: ConformanceReport): string[] {
  return report.checks.filter((check) => check.status === 'failed').map((c) => `${c.name}: ${c.detail}`);
}

const conformanceChecks: Record<string, Check> = {
  'health is SERVING': async (client) => {
    for (const service of ['', ADAPTER_SERVICE_NAME]) {
      const status = await client.healthCheck(service);
      expect(
        status === grpcHealthV1.HealthCheckResponse_ServingStatus.SERVING,
        `health of "${service}" is ${grpcHealthV1.healthCheckResponse_ServingStatusToJSON(status)}`,
      );
    }
  },

  'info names the adapter and its mesh versions': async (client) => {
    const { info } = await client.getInfo();
    expect(info !== undefined, 'GetInfo returned no info');
    for (const field of ['name', 'version', 'mesh'] as const)
      expect(info[field] !== '', `info.${field} is empty`);
    expect(info.supportedMeshVersions.length > 0, 'info.supported_mesh_versions is empty');
    return `${info.name} ${info.version} (${info.mesh} ${info.supportedMeshVersions.join(', ')})`;
  },

  'catalogue schemas are valid JSON Schemas': async (client) => {
    const { operations } = await client.listOperations();
    expect(operations.length > 0, 'ListOperations returned no operation');
    const names = new Set<string>();
    for (const operation of operations) {
      expect(!names.has(operation.name), `operation ${operation.name} is listed twice`);
      names.add(operation.name);
      expect(
        operation.category !== adapterV1.OperationCategory.OPERATION_CATEGORY_UNSPECIFIED,
        `operation ${operation.name} has no category`,
      );
      expect(operation.description !== '', `operation ${operation.name} has no description`);
      assertValidSchema(`operation ${operation.name} input_schema`, operation.inputSchema);
    }
    let components = 0;
    let pageToken = '';
    do {
      const page = await client.listComponents({ pageToken, pageSize: 50 });
      for (const component of page.components) {
        assertValidSchema(`component ${component.apiVersion}/${component.kind} schema`, component.schema);
      }
      components += page.components.length;
      expect(
        page.nextPageToken === '' || page.nextPageToken !== pageToken,
        'ListComponents returned the same page token again',
      );
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    const { info } = await client.getInfo();
    const { rules } = await client.listFingerprints();
    for (const { document } of rules) {
      const mesh = (document?.['mesh'] ?? {}) as { id?: unknown };
      expect(typeof document?.['schemaVersion'] === 'number', 'a fingerprint rule has no schemaVersion');
      expect(
        mesh.id === info?.mesh,
        `a fingerprint rule is for mesh "${String(mesh.id)}", not "${info?.mesh}"`,
      );
    }
    return `${operations.length} operations, ${components} components, ${rules.length} fingerprint rules`;
  },

  'invalid input is refused, naming the field': async (client, { probe, invalidInput }) => {
    const operationId = randomUUID();
    const error = await client
      .applyOperation({ ...probeRequest(probe), operationId, input: invalidInput.input })
      .then(
        () => undefined,
        (cause: unknown) => cause,
      );
    expect(error !== undefined, 'the invalid input was accepted');
    expect(
      isServiceError(error) && error.code === GrpcStatus.INVALID_ARGUMENT,
      `expected INVALID_ARGUMENT, got ${describe(error)}`,
    );
    expect(
      isServiceError(error) && error.details.includes(invalidInput.field),
      `the error does not name ${invalidInput.field}: ${describe(error)}`,
    );
  },

  'a retried operation id runs once and answers the same': async (client, { probe }) => {
    const operationId = randomUUID();
    const request = { ...probeRequest(probe), operationId };
    const [first, concurrent] = await Promise.all([
      client.applyOperation(request),
      client.applyOperation(request),
    ]);
    const later = await client.applyOperation(request);
    for (const retry of [concurrent, later]) {
      expect(
        retry.state === first.state && retry.message === first.message,
        `a retry answered ${adapterV1.operationStateToJSON(retry.state)} "${retry.message}", the first ${adapterV1.operationStateToJSON(first.state)} "${first.message}"`,
      );
    }
    expect(
      [first, concurrent, later].filter((response) => !response.replayed).length === 1,
      'more than one call ran the operation (replayed is false on several answers)',
    );
    const conflict = await client
      .applyOperation({ ...request, namespace: `${request.namespace ?? ''}-other` })
      .then(
        () => undefined,
        (cause: unknown) => cause,
      );
    expect(
      isServiceError(conflict) && conflict.code === GrpcStatus.ALREADY_EXISTS,
      `the same id with another request was not refused with ALREADY_EXISTS: ${describe(conflict)}`,
    );
    return adapterV1.operationStateToJSON(first.state);
  },

  'the event stream replays and ends with the final state': async (client, { probe }) => {
    const operationId = randomUUID();
    const [live, outcome] = await Promise.all([
      client.streamEvents(operationId),
      client.applyOperation({ ...probeRequest(probe), operationId }),
    ]);
    const replayed = await client.streamEvents(operationId);
    for (const [label, events] of [
      ['live', live],
      ['replayed', replayed],
    ] as const) {
      expect(events.length > 0, `the ${label} stream carried no event`);
      events.forEach((event, index) =>
        expect(
          event.sequence === String(index + 1),
          `${label} event ${index + 1} has sequence ${event.sequence}`,
        ),
      );
      const last = events.at(-1);
      expect(
        last?.state === outcome.state,
        `the ${label} stream's last event has state ${adapterV1.operationStateToJSON(last?.state ?? 0)}`,
      );
      expect(
        events
          .slice(0, -1)
          .every((event) => event.state === adapterV1.OperationState.OPERATION_STATE_UNSPECIFIED),
        `the ${label} stream has a final state before its last event`,
      );
    }
    return `${live.length} events`;
  },

  'the deadline is honoured': async (client, { slow, deadlineMs = 300 }) => {
    if (!slow) throw new Skip('no slow operation given');
    const response = await client.applyOperation({
      operationId: randomUUID(),
      operation: slow.operation,
      input: slow.input,
      deadline: new Date(Date.now() + deadlineMs),
    });
    expect(
      response.state === adapterV1.OperationState.OPERATION_STATE_DEADLINE_EXCEEDED,
      `expected DEADLINE_EXCEEDED, got ${adapterV1.operationStateToJSON(response.state)} "${response.message}"`,
    );
  },
};

function probeRequest(probe: ConformanceOptions['probe']): Partial<adapterV1.ApplyOperationRequest> {
  return {
    operation: probe.operation,
    input: probe.input,
    namespace: probe.namespace ?? '',
    dryRun: false,
    ...(probe.kubeconfig
      ? {
          target: { connectionId: 'conformance', credentials: { kubeconfig: Buffer.from(probe.kubeconfig) } },
        }
      : {}),
  };
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function describe(error: unknown): string {
  if (isServiceError(error)) return `${GrpcStatus[error.code]}: ${error.details}`;
  return error instanceof Error ? error.message : String(error);
}
