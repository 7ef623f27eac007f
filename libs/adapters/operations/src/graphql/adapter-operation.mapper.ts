import { type AdapterOperationEventPayload } from '@meshplane/contracts';
import { type JsonValue } from '@meshplane/graphql';
import { type AdapterOperationEventEntity } from '../entities/adapter-operation-event.entity.js';
import { type AdapterOperationEntity } from '../entities/adapter-operation.entity.js';
import {
  AdapterOperationEventSeverity,
  AdapterOperationStatus,
  type AdapterOperationEvent,
  type AdapterOperationRun,
} from './models/adapter-operation-run.model.js';

export function toRunModel(row: AdapterOperationEntity): AdapterOperationRun {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    adapterId: row.adapterId,
    adapterName: row.adapterName,
    operation: row.operation,
    category: row.category,
    connectionId: row.connectionId,
    namespace: row.namespace,
    input: row.input as JsonValue,
    delete: row.delete,
    dryRun: row.dryRun,
    deadline: row.deadlineAt,
    status: AdapterOperationStatus[row.status],
    message: row.message,
    output: row.output as JsonValue | null,
    attempts: row.attempts,
    cancelRequested: row.cancelRequested,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export function toEventModel(row: AdapterOperationEventEntity): AdapterOperationEvent {
  return {
    operationId: row.operationId,
    sequence: row.sequence,
    severity: AdapterOperationEventSeverity[row.severity],
    summary: row.summary,
    details: row.details,
    probableCause: row.probableCause,
    suggestedRemediation: row.suggestedRemediation,
    progressPercent: row.progressPercent,
    status: row.status === null ? null : AdapterOperationStatus[row.status],
    at: row.at,
  };
}

export function eventModelOfPayload(payload: AdapterOperationEventPayload): AdapterOperationEvent {
  return {
    operationId: payload.operationId,
    sequence: payload.sequence,
    severity: AdapterOperationEventSeverity[payload.severity],
    summary: payload.summary,
    details: payload.details ?? null,
    probableCause: payload.probableCause ?? [],
    suggestedRemediation: payload.suggestedRemediation ?? [],
    progressPercent: payload.progressPercent ?? null,
    status: payload.status === undefined ? null : AdapterOperationStatus[payload.status],
    at: new Date(payload.at),
  };
}
