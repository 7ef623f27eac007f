import { adapterV1 } from '@meshplane/contracts/grpc';
import { type AdapterOperationEventPayload } from '@meshplane/contracts';
import { type AdapterOperationEventEntity } from '../entities/adapter-operation-event.entity.js';
import { type OperationEventSeverity, type OperationStatus } from '../state/operation-state.js';

const SEVERITIES: Record<adapterV1.EventSeverity, OperationEventSeverity> = {
  [adapterV1.EventSeverity.EVENT_SEVERITY_UNSPECIFIED]: 'INFO',
  [adapterV1.EventSeverity.EVENT_SEVERITY_DEBUG]: 'DEBUG',
  [adapterV1.EventSeverity.EVENT_SEVERITY_INFO]: 'INFO',
  [adapterV1.EventSeverity.EVENT_SEVERITY_WARNING]: 'WARNING',
  [adapterV1.EventSeverity.EVENT_SEVERITY_ERROR]: 'ERROR',
  [adapterV1.EventSeverity.EVENT_SEVERITY_CRITICAL]: 'CRITICAL',
  [adapterV1.EventSeverity.UNRECOGNIZED]: 'INFO',
};

/** The adapter's final state as the operation's status (a missed deadline is a failure). */
export function statusOfState(state: adapterV1.OperationState): OperationStatus | null {
  switch (state) {
    case adapterV1.OperationState.OPERATION_STATE_SUCCEEDED:
      return 'SUCCEEDED';
    case adapterV1.OperationState.OPERATION_STATE_FAILED:
    case adapterV1.OperationState.OPERATION_STATE_DEADLINE_EXCEEDED:
      return 'FAILED';
    case adapterV1.OperationState.OPERATION_STATE_CANCELLED:
      return 'CANCELLED';
    case adapterV1.OperationState.OPERATION_STATE_UNSPECIFIED:
    case adapterV1.OperationState.OPERATION_STATE_RUNNING:
    case adapterV1.OperationState.UNRECOGNIZED:
      return null;
  }
}

const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

/** An adapter's event as stored: bounded (an adapter is not trusted to keep its texts small). */
export function eventRow(
  orgId: string,
  event: adapterV1.OperationEvent,
  receivedAt: Date,
): AdapterOperationEventEntity | null {
  const sequence = Number(event.sequence);
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 2_147_483_647) return null;
  return {
    operationId: event.operationId,
    sequence,
    orgId,
    severity: SEVERITIES[event.severity],
    summary: clip(event.summary, 2_000),
    details: event.details === '' ? null : clip(event.details, 20_000),
    probableCause: event.probableCause.slice(0, 20).map((c) => clip(c, 2_000)),
    suggestedRemediation: event.suggestedRemediation.slice(0, 20).map((c) => clip(c, 2_000)),
    progressPercent:
      event.progressPercent === undefined
        ? null
        : Math.max(0, Math.min(100, Math.round(event.progressPercent))),
    status: statusOfState(event.state),
    at: event.at ?? receivedAt,
  };
}

export function eventPayload(
  row: AdapterOperationEventEntity,
  adapterId: string,
): AdapterOperationEventPayload {
  return {
    operationId: row.operationId,
    orgId: row.orgId,
    adapterId,
    sequence: row.sequence,
    severity: row.severity,
    summary: row.summary,
    ...(row.details !== null && { details: row.details }),
    ...(row.probableCause.length > 0 && { probableCause: row.probableCause }),
    ...(row.suggestedRemediation.length > 0 && { suggestedRemediation: row.suggestedRemediation }),
    ...(row.progressPercent !== null && { progressPercent: row.progressPercent }),
    ...(row.status !== null && { status: row.status }),
    at: row.at.toISOString(),
  };
}
