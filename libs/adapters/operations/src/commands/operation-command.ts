import { AuthError, can, verifyInternalContext } from '@meshplane/auth';
import {
  ADAPTER_COMMANDS_AUDIENCE,
  adapterCommandRefusals,
  adapterOperationCommand,
  type AdapterCommandRefusal,
  type AdapterCommandResult,
  type AdapterOperationCommand,
} from '@meshplane/contracts';
import { type DomainError } from '@meshplane/graphql';
import type { RunOperationRequest } from '../operations/adapter-operations.service.js';

export interface CommandDelivery {
  /** The subject the command arrived on. */
  readonly subject: string;
  /** When the stream stored it (the server's clock: the sender cannot set it). */
  readonly storedAt: Date;
}

export type CommandAuthorization =
  | { ok: true; request: RunOperationRequest }
  | { ok: false; result: AdapterCommandResult };

/**
 * Who a RunAdapterOperation command acts for, and with what: its service context must be signed for adapters-broker,
 * valid when the stream stored the command, name the command's organization (also the subject's: a sender allowed
 * to publish commands cannot place one in another organization's subject space) and a user whose roles there allow
 * `operations:execute`. Then the command is the same request GraphQL makes, and is checked by the same code.
 */
export function authorizeOperationCommand(
  command: AdapterOperationCommand,
  delivery: CommandDelivery,
  secrets: readonly string[],
): CommandAuthorization {
  const refuse = (code: AdapterCommandRefusal, message: string): CommandAuthorization => ({
    ok: false,
    result: refusal(command, code, message, delivery.storedAt),
  });
  if (delivery.subject !== adapterOperationCommand.subject(command))
    return refuse('UNAUTHORIZED', "The command's subject is not its organization's");
  let context;
  try {
    context = verifyInternalContext(command.context, secrets, {
      audience: ADAPTER_COMMANDS_AUDIENCE,
      kind: 'service',
      now: delivery.storedAt.getTime(),
    });
  } catch (error) {
    const why = error instanceof AuthError ? ` (${error.code})` : '';
    return refuse('UNAUTHORIZED', `The command carries no valid service context for adapters-broker${why}`);
  }
  if (context.orgId !== command.orgId)
    return refuse('UNAUTHORIZED', "The command's service context is for another organization");
  if (context.userId === undefined)
    return refuse('UNAUTHORIZED', "The command's service context names no user to act for");
  if (!can(context.roles, 'operations:execute'))
    return refuse('FORBIDDEN', 'The user the command acts for may not run operations in this organization');
  return {
    ok: true,
    request: {
      orgId: command.orgId,
      userId: context.userId,
      adapterId: command.adapterId,
      operation: command.operation,
      connectionId: command.connectionId ?? null,
      namespace: command.namespace ?? null,
      input: command.input,
      delete: command.delete ?? null,
      dryRun: command.dryRun ?? null,
      idempotencyKey: command.idempotencyKey,
      deadlineSeconds: command.deadlineSeconds ?? null,
    },
  };
}

/** The answer to a command the broker refused: its GraphQL error, as a result naming the field. */
export function refusalOf(
  command: AdapterOperationCommand,
  error: DomainError,
  at: Date,
): AdapterCommandResult {
  const code = (adapterCommandRefusals as readonly string[]).includes(error.code)
    ? (error.code as AdapterCommandRefusal)
    : 'FAILED_PRECONDITION';
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  return refusal(command, code, error.message, at, field);
}

export function acceptance(
  command: AdapterOperationCommand,
  operationId: string,
  created: boolean,
  at: Date,
): AdapterCommandResult {
  return {
    accepted: true,
    commandId: command.commandId,
    orgId: command.orgId,
    idempotencyKey: command.idempotencyKey,
    operationId,
    created,
    at: at.toISOString(),
  };
}

function refusal(
  command: AdapterOperationCommand,
  code: AdapterCommandRefusal,
  message: string,
  at: Date,
  field?: string,
): AdapterCommandResult {
  return {
    accepted: false,
    commandId: command.commandId,
    orgId: command.orgId,
    code,
    ...(field !== undefined && { field: field.slice(0, 200) }),
    message: message.slice(0, 1_000),
    at: at.toISOString(),
  };
}
