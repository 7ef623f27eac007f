import { Injectable, Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdapterDirectory } from '@meshplane/adapters-registry';
import {
  checkUuid,
  DomainError,
  hasControlCharacters,
  isUuid,
  NotFoundError,
  ValidationFailedError,
} from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { OPERATIONS_CONFIG, type OperationsConfig } from '../config/operations.config.js';
import { type AdapterOperationEntity } from '../entities/adapter-operation.entity.js';
import { OperationExecutor } from '../execution/operation-executor.js';
import { OperationsRepository } from '../persistence/operations.repository.js';
import { validateOperationInput } from '../validation/operation-input.js';

export interface RunOperationRequest {
  readonly orgId: string;
  readonly userId: string;
  readonly adapterId: string;
  readonly operation: string;
  readonly connectionId?: string | null;
  readonly namespace?: string | null;
  readonly input?: unknown;
  readonly delete?: boolean | null;
  readonly dryRun?: boolean | null;
  readonly idempotencyKey?: string | null;
  readonly deadlineSeconds?: number | null;
}

const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_KEY = 200;
const MAX_DEADLINE_S = 86_400;
/** The stored input's size bound (JSON text). */
const MAX_INPUT_BYTES = 256 * 1024;

/**
 * Requesting and cancelling operations. Everything about a request is checked here, before any row is written or
 * anything is sent: the adapter must be visible to the organization (its own or the operator's), the operation
 * in its stored catalogue, and the input must pass that operation's JSON Schema.
 */
@Injectable()
export class AdapterOperationsService {
  constructor(
    @Inject(OPERATIONS_CONFIG) private readonly config: OperationsConfig,
    private readonly operations: OperationsRepository,
    private readonly directory: AdapterDirectory,
    private readonly executor: OperationExecutor,
    private readonly clock: Clock,
  ) {}

  async run(request: RunOperationRequest): Promise<AdapterOperationEntity> {
    return (await this.request(request)).row;
  }

  /** As run, also saying whether the operation is new (false: its idempotency key already named it). */
  async request(request: RunOperationRequest): Promise<{ row: AdapterOperationEntity; created: boolean }> {
    const key = keyOf(request.idempotencyKey);
    if (!isUuid(request.adapterId)) throw new NotFoundError('Adapter');
    const connectionId =
      request.connectionId == null ? null : checkUuid(request.connectionId, 'input.connectionId');
    const namespace = request.namespace ?? '';
    if (namespace !== '' && !NAMESPACE.test(namespace)) {
      throw new ValidationFailedError(
        'input.namespace',
        'must be a Kubernetes namespace name (RFC 1123 label)',
      );
    }
    const deadlineSeconds = request.deadlineSeconds ?? this.config.defaultDeadlineSeconds;
    if (!Number.isInteger(deadlineSeconds) || deadlineSeconds < 1 || deadlineSeconds > MAX_DEADLINE_S) {
      throw new ValidationFailedError('input.deadlineSeconds', `must be between 1 and ${MAX_DEADLINE_S}`);
    }
    const adapter = await this.directory.find(request.orgId, request.adapterId);
    if (!adapter) throw new NotFoundError('Adapter');
    const definition = adapter.catalogue?.operations.find((op) => op.name === request.operation);
    if (!definition)
      throw new NotFoundError(`Operation ${JSON.stringify(request.operation.slice(0, 100))} of this adapter`);
    if (request.delete && !definition.supportsDelete) {
      throw new ValidationFailedError('input.delete', `${definition.name} cannot be undone by delete`);
    }
    if (request.dryRun && !definition.supportsDryRun) {
      throw new ValidationFailedError('input.dryRun', `${definition.name} does not support dry runs`);
    }
    const input = validateOperationInput(definition.name, definition.inputSchema, request.input ?? {});
    if (Buffer.byteLength(JSON.stringify(input)) > MAX_INPUT_BYTES) {
      throw new ValidationFailedError('input.input', 'is larger than 256 KiB');
    }
    const now = this.clock.now();
    const id = randomUUID();
    const { row, created } = await this.operations.insertOrExisting({
      id,
      orgId: request.orgId,
      idempotencyKey: key ?? id,
      adapterId: adapter.id,
      adapterName: adapter.name ?? adapter.address,
      operation: definition.name,
      category: definition.category,
      idempotent: definition.idempotent,
      connectionId,
      clusterId: null,
      namespace,
      input,
      delete: request.delete === true,
      dryRun: request.dryRun === true,
      deadlineAt: new Date(now.getTime() + deadlineSeconds * 1000),
      status: 'PENDING',
      message: null,
      output: null,
      attempts: 0,
      cancelRequested: false,
      leaseOwner: null,
      leaseUntil: null,
      requestedBy: request.userId,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      updatedAt: now,
    });
    if (created) this.executor.wake();
    return { row, created };
  }

  async cancel(orgId: string, id: string): Promise<AdapterOperationEntity> {
    const row = isUuid(id) ? await this.operations.requestCancel(orgId, id) : null;
    if (!row) throw new NotFoundError('AdapterOperationRun');
    if (row.status === 'RUNNING') this.executor.cancelIfRunningHere(row.id);
    return row;
  }
}

function keyOf(key: string | null | undefined): string | undefined {
  if (key == null) return undefined;
  if (key.length === 0 || key.length > MAX_KEY || hasControlCharacters(key)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `input.idempotencyKey: must be 1-${MAX_KEY} characters without control characters`,
      { field: 'input.idempotencyKey' },
    );
  }
  return key;
}
