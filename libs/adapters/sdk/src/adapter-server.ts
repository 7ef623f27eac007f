import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import {
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { adapterV1, grpcHealthV1 } from '@meshplane/contracts/grpc';
import type {
  AdapterDefinition,
  OperationCategory,
  OperationSpec,
  EventSeverity,
} from './adapter-definition.js';
import { HealthStatus } from './health.js';
import { assertValidSchema, compileInputSchema, describeIssues, type InputCheck } from './input-schema.js';
import type { JsonObject } from './json.js';
import {
  OperationIdConflictError,
  OperationRuns,
  type FinalState,
  type RecordedEvent,
} from './operation-runs.js';

export const SDK_ID = '@meshplane/adapters-sdk 0.1.0';
export const ADAPTER_SERVICE_NAME = 'meshplane.adapter.v1.AdapterService';
/** The AdapterInfo feature an adapter announces when it can unseal SealedCredentials. */
export const SEALED_CREDENTIALS_FEATURE = 'sealed-credentials';

export interface AdapterServerOptions {
  /**
   * Serve TLS; with `clientCa`, mutual TLS (a client without a certificate from that CA is refused). Without `tls`
   * the server listens only on a loopback address unless `allowInsecure` says otherwise.
   */
  tls?: { certChain: string | Buffer; privateKey: string | Buffer; clientCa?: string | Buffer };
  allowInsecure?: boolean;
  /** Finished operations remembered for idempotent retries (oldest forgotten first). */
  maxRememberedOperations?: number;
  /** Opens SealedCredentials into a kubeconfig (announces the "sealed-credentials" feature). */
  unsealCredentials?: (sealed: adapterV1.SealedCredentials) => Promise<string>;
}

export interface AdapterServer {
  /** Binds (default 127.0.0.1:0) and starts serving; resolves to the bound port. Health turns SERVING. */
  listen(address?: string): Promise<number>;
  /** Health NOT_SERVING, then stops (running calls get `graceMs` to finish). */
  close(graceMs?: number): Promise<void>;
}

const categories: Record<OperationCategory, adapterV1.OperationCategory> = {
  install: adapterV1.OperationCategory.OPERATION_CATEGORY_INSTALL,
  'sample-application': adapterV1.OperationCategory.OPERATION_CATEGORY_SAMPLE_APPLICATION,
  configure: adapterV1.OperationCategory.OPERATION_CATEGORY_CONFIGURE,
  validate: adapterV1.OperationCategory.OPERATION_CATEGORY_VALIDATE,
  custom: adapterV1.OperationCategory.OPERATION_CATEGORY_CUSTOM,
};

const severities: Record<EventSeverity, adapterV1.EventSeverity> = {
  debug: adapterV1.EventSeverity.EVENT_SEVERITY_DEBUG,
  info: adapterV1.EventSeverity.EVENT_SEVERITY_INFO,
  warning: adapterV1.EventSeverity.EVENT_SEVERITY_WARNING,
  error: adapterV1.EventSeverity.EVENT_SEVERITY_ERROR,
  critical: adapterV1.EventSeverity.EVENT_SEVERITY_CRITICAL,
};

const states: Record<FinalState, adapterV1.OperationState> = {
  succeeded: adapterV1.OperationState.OPERATION_STATE_SUCCEEDED,
  failed: adapterV1.OperationState.OPERATION_STATE_FAILED,
  cancelled: adapterV1.OperationState.OPERATION_STATE_CANCELLED,
  'deadline-exceeded': adapterV1.OperationState.OPERATION_STATE_DEADLINE_EXCEEDED,
};

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

interface CompiledOperation {
  spec: OperationSpec;
  check: (input: JsonObject) => InputCheck<JsonObject>;
}

/**
 * An adapter process's gRPC server: AdapterService (info, catalogue, ApplyOperation with schema validation,
 * idempotency by operation id, deadline and cancellation, streamed events) plus grpc.health.v1. Everything in the
 * definition is checked here, so a broken schema stops the adapter at start with the operation's name.
 */
export function createAdapterServer(
  definition: AdapterDefinition,
  options: AdapterServerOptions = {},
): AdapterServer {
  const operations = compileOperations(definition);
  for (const component of definition.components ?? []) {
    assertValidSchema(`component ${component.apiVersion}/${component.kind}`, component.schema);
  }
  const runs = new OperationRuns(options.maxRememberedOperations);
  const health = new HealthStatus([ADAPTER_SERVICE_NAME]);
  const server = new Server();
  server.addService(adapterV1.AdapterServiceService, adapterService(definition, operations, runs, options));
  server.addService(grpcHealthV1.HealthService, health.implementation());

  return {
    async listen(address = '127.0.0.1:0') {
      const credentials = serverCredentials(address, options);
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(address, credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
      );
      health.setAll(true);
      return port;
    },
    async close(graceMs = 2_000) {
      health.setAll(false);
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}

function compileOperations(definition: AdapterDefinition): Map<string, CompiledOperation> {
  const operations = new Map<string, CompiledOperation>();
  for (const spec of definition.operations) {
    if (operations.has(spec.name)) throw new Error(`operation ${spec.name} is defined twice`);
    operations.set(spec.name, {
      spec,
      check: compileInputSchema(`operation ${spec.name}`, spec.inputSchema),
    });
  }
  return operations;
}

function serverCredentials(address: string, options: AdapterServerOptions): ServerCredentials {
  if (options.tls) {
    const { certChain, privateKey, clientCa } = options.tls;
    return ServerCredentials.createSsl(
      clientCa ? Buffer.from(clientCa) : null,
      [{ cert_chain: Buffer.from(certChain), private_key: Buffer.from(privateKey) }],
      clientCa !== undefined,
    );
  }
  if (!options.allowInsecure && !isLoopback(address)) {
    throw new Error(
      `refusing to serve ${address} without TLS: the broker sends cluster credentials over this channel (give tls, or allowInsecure)`,
    );
  }
  return ServerCredentials.createInsecure();
}

function isLoopback(address: string): boolean {
  const host = address.startsWith('[') ? address.slice(1, address.indexOf(']')) : address.split(':')[0];
  if (host === 'localhost') return true;
  if (isIP(host ?? '') === 4) return host?.startsWith('127.') ?? false;
  return host === '::1';
}

function grpcError(code: GrpcStatus, details: string): Partial<ServiceError> {
  return { code, details, message: details };
}

function adapterService(
  definition: AdapterDefinition,
  operations: Map<string, CompiledOperation>,
  runs: OperationRuns,
  options: AdapterServerOptions,
): adapterV1.AdapterServiceServer {
  const { info } = definition;
  const components = definition.components ?? [];
  return {
    getInfo: (_call, callback) => {
      callback(null, {
        info: {
          name: info.name,
          version: info.version,
          build: { gitCommit: info.build?.gitCommit ?? '', builtAt: info.build?.builtAt, sdk: SDK_ID },
          mesh: info.mesh,
          supportedMeshVersions: info.supportedMeshVersions,
          features: options.unsealCredentials ? [SEALED_CREDENTIALS_FEATURE] : [],
        },
      });
    },
    listOperations: (_call, callback) => {
      callback(null, {
        operations: [...operations.values()].map(({ spec }) => ({
          name: spec.name,
          displayName: spec.displayName ?? spec.name,
          description: spec.description,
          category: categories[spec.category],
          versions: spec.versions ?? [],
          inputSchema: spec.inputSchema,
          supportsDryRun: spec.supportsDryRun ?? false,
          supportsDelete: spec.supportsDelete ?? false,
          idempotent: spec.idempotent ?? false,
        })),
      });
    },
    listComponents: (call, callback) => {
      const { pageToken, pageSize } = call.request;
      const offset = pageToken === '' ? 0 : Number(pageToken);
      if (!Number.isSafeInteger(offset) || offset < 0 || offset > components.length) {
        callback(grpcError(GrpcStatus.INVALID_ARGUMENT, 'page_token is not one this adapter returned'));
        return;
      }
      const size = Math.min(pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const end = Math.min(offset + size, components.length);
      callback(null, {
        components: components.slice(offset, end).map((component) => ({
          kind: component.kind,
          apiVersion: component.apiVersion,
          model: component.model,
          modelVersion: component.modelVersion,
          displayName: component.displayName ?? component.kind,
          description: component.description ?? '',
          schema: component.schema,
        })),
        nextPageToken: end < components.length ? String(end) : '',
      });
    },
    listFingerprints: (_call, callback) => {
      callback(null, { rules: (definition.fingerprints ?? []).map((document) => ({ document })) });
    },
    applyOperation: (call, callback) => {
      applyOperation(call, callback, operations, runs, options).catch((error: unknown) =>
        callback(
          grpcError(
            GrpcStatus.INTERNAL,
            `${call.request.operation} could not start: ${(error as Error).message}`,
          ),
        ),
      );
    },
    cancelOperation: (call, callback) => {
      runs.cancel(call.request.operationId).then(
        (state) =>
          state
            ? callback(null, { state: states[state] })
            : callback(
                grpcError(GrpcStatus.NOT_FOUND, `operation_id ${call.request.operationId} is not known`),
              ),
        (error: unknown) => callback(grpcError(GrpcStatus.INTERNAL, (error as Error).message)),
      );
    },
    streamEvents: (call) => streamEvents(call, runs),
  };
}

async function applyOperation(
  call: ServerUnaryCall<adapterV1.ApplyOperationRequest, adapterV1.ApplyOperationResponse>,
  callback: sendUnaryData<adapterV1.ApplyOperationResponse>,
  operations: Map<string, CompiledOperation>,
  runs: OperationRuns,
  options: AdapterServerOptions,
): Promise<void> {
  const request = call.request;
  const invalid = (details: string): void => callback(grpcError(GrpcStatus.INVALID_ARGUMENT, details));
  if (request.operationId === '') return invalid('operation_id is required (it is the idempotency key)');
  const operation = operations.get(request.operation);
  if (!operation) {
    return invalid(`operation "${request.operation}" is not one of: ${[...operations.keys()].join(', ')}`);
  }
  const { spec, check } = operation;
  if (request.dryRun && !spec.supportsDryRun)
    return invalid(`dry_run: ${spec.name} does not support dry runs`);
  if (request.delete && !spec.supportsDelete)
    return invalid(`delete: ${spec.name} cannot be undone by delete`);
  const input = check((request.input ?? {}) as JsonObject);
  if (!input.ok) return invalid(`invalid input for ${spec.name}: ${describeIssues(input.issues)}`);

  let kubeconfig: string | undefined;
  try {
    kubeconfig = await credentialsOf(request.target?.credentials, options);
  } catch (error) {
    return callback(grpcError(GrpcStatus.FAILED_PRECONDITION, (error as Error).message));
  }

  let started;
  try {
    started = runs.start(
      {
        operationId: request.operationId,
        operation: spec.name,
        orgId: request.orgId,
        namespace: request.namespace,
        input: input.value,
        delete: request.delete,
        dryRun: request.dryRun,
        target: { connectionId: request.target?.connectionId ?? '', kubeconfig },
        deadline: request.deadline,
        fingerprint: fingerprintOf(request),
      },
      (ctx) => spec.run(ctx),
    );
  } catch (error) {
    if (error instanceof OperationIdConflictError) {
      return callback(grpcError(GrpcStatus.ALREADY_EXISTS, error.message));
    }
    throw error;
  }
  const outcome = await started.outcome;
  callback(null, {
    operationId: request.operationId,
    state: states[outcome.state],
    message: outcome.message,
    output: outcome.output,
    replayed: started.replayed,
  });
}

async function credentialsOf(
  credentials: adapterV1.ClusterCredentials | undefined,
  options: AdapterServerOptions,
): Promise<string | undefined> {
  if (credentials?.kubeconfig) return credentials.kubeconfig.toString('utf8');
  if (credentials?.sealed) {
    if (!options.unsealCredentials) {
      throw new Error(
        `this adapter cannot open sealed credentials (it does not announce "${SEALED_CREDENTIALS_FEATURE}"): send a kubeconfig over mTLS`,
      );
    }
    return options.unsealCredentials(credentials.sealed);
  }
  return undefined;
}

/**
 * What a retry must repeat: everything but the credentials (a token may be refreshed between attempts) and the
 * deadline (a retry may carry a later one). Hashed so a large input is not kept twice.
 */
function fingerprintOf(request: adapterV1.ApplyOperationRequest): string {
  const { operation, orgId, namespace, input, delete: remove, dryRun } = request;
  const canonical = canonicalJson([
    operation,
    orgId,
    request.target?.connectionId ?? '',
    namespace,
    input ?? {},
    remove,
    dryRun,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function streamEvents(
  call: ServerWritableStream<adapterV1.StreamEventsRequest, adapterV1.StreamEventsResponse>,
  runs: OperationRuns,
): void {
  const { operationId, afterSequence } = call.request;
  if (operationId === '') {
    call.destroy(Object.assign(new Error('operation_id is required'), { code: GrpcStatus.INVALID_ARGUMENT }));
    return;
  }
  const after = Number(afterSequence);
  if (!Number.isSafeInteger(after) || after < 0) {
    call.destroy(
      Object.assign(new Error('after_sequence is out of range'), { code: GrpcStatus.INVALID_ARGUMENT }),
    );
    return;
  }
  let ended = false;
  const unsubscribe = runs.subscribe(operationId, after, (event) => {
    if (ended) return;
    call.write({ event: toProtoEvent(event) });
    if (event.state) {
      ended = true;
      call.end();
    }
  });
  if (ended) return;
  call.on('cancelled', () => {
    ended = true;
    unsubscribe();
  });
}

function toProtoEvent(event: RecordedEvent): adapterV1.OperationEvent {
  return {
    operationId: event.operationId,
    sequence: String(event.sequence),
    severity: severities[event.severity],
    summary: event.summary,
    details: event.details ?? '',
    probableCause: event.probableCause ?? [],
    suggestedRemediation: event.suggestedRemediation ?? [],
    progressPercent: event.progressPercent,
    at: event.at,
    state: event.state ? states[event.state] : adapterV1.OperationState.OPERATION_STATE_UNSPECIFIED,
  };
}
