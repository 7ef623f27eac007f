import { z } from 'zod';
import { deadLetterSubjectFor } from '../dead-letter/dead-letter.event.js';
import { defineConsumer } from '../messaging/consumer.definition.js';
import { defineEvent } from '../messaging/event.definition.js';
import { defineStream } from '../messaging/stream.definition.js';
import { subjectToken } from '../messaging/subject.js';
import { adaptersStream } from './adapters.stream.js';

/** The audience of the service context a sender signs for a RunAdapterOperation command. */
export const ADAPTER_COMMANDS_AUDIENCE = 'adapters-broker';

/**
 * Commands to adapters-broker from other services (designs deploy through it): work-queue retention, so a command
 * leaves the stream once the broker has answered it, and the one durable consumer every broker replica shares hands
 * each command to one replica.
 */
export const adapterCommandsStream = defineStream({
  name: 'ADAPTER_COMMANDS',
  subjects: ['adapter-commands.v1.>'],
  retention: 'workqueue',
  maxAgeMs: 24 * 60 * 60 * 1000,
  duplicateWindowMs: 10 * 60 * 1000,
});

/**
 * RunAdapterOperation: what `runAdapterOperation` takes over GraphQL, as a command. The envelope (command id,
 * organization, context) is checked by the contract; the operation's own fields are checked by the broker exactly as
 * for GraphQL, and a refusal is answered on the command's result subject naming the field.
 */
export const adapterOperationCommandSchema = z.object({
  /** Names the answer's subject (`adapters.v1.<org>.command.<commandId>.result`) and deduplicates the command. */
  commandId: z.uuid(),
  orgId: z.uuid(),
  /**
   * A signed internal context of kind `service` for ADAPTER_COMMANDS_AUDIENCE, naming the organization (`orgId`) and
   * the user the sender acts for (`userId`, `roles` in that organization): the command runs with that user's rights
   * as they were when the stream stored it (a context is short-lived; the broker checks it as of the stream's
   * timestamp, which the sender cannot set).
   */
  context: z.string().min(1).max(8_000),
  /** The operation's idempotency key in the organization: required, so a resent command never runs twice. */
  idempotencyKey: z.string().min(1).max(200),
  adapterId: z.string().max(100),
  operation: z.string().max(200),
  connectionId: z.string().max(100).nullish(),
  namespace: z.string().max(100).nullish(),
  input: z.unknown().optional(),
  delete: z.boolean().nullish(),
  dryRun: z.boolean().nullish(),
  deadlineSeconds: z.number().nullish(),
});
export type AdapterOperationCommand = z.infer<typeof adapterOperationCommandSchema>;

/** `adapter-commands.v1.<org>.operation.run`; the same command id published twice is stored once. */
export const adapterOperationCommand = defineEvent({
  name: 'RunAdapterOperation',
  version: 1,
  stream: adapterCommandsStream,
  schema: adapterOperationCommandSchema,
  subject: (p) => `adapter-commands.v1.${subjectToken(p.orgId, 'orgId')}.operation.run`,
  msgId: (p) => `adapter-command:${p.commandId}`,
});

/** The broker's replicas share this consumer; a command whose handling keeps failing is dead-lettered. */
export const adapterCommandsConsumer = defineConsumer({
  stream: adapterCommandsStream,
  durable: 'adapters-broker-commands',
  filterSubject: 'adapter-commands.v1.>',
  ackWaitMs: 30_000,
  maxDeliver: 5,
  backoffMs: [1_000, 5_000, 15_000, 30_000],
  maxAckPending: 256,
  deadLetterSubject: deadLetterSubjectFor(adapterCommandsStream.name, 'adapters-broker-commands'),
});

export const adapterCommandRefusals = [
  /** The context is missing, forged, expired when stored, for another service, or for another organization. */
  'UNAUTHORIZED',
  /** The user the context names may not run operations in the organization (a viewer). */
  'FORBIDDEN',
  /** A field is invalid: `field` names it, as the GraphQL error would. */
  'BAD_USER_INPUT',
  /** The adapter or the operation is not in the organization's view. */
  'NOT_FOUND',
  /** The request is valid but cannot run as things are (e.g. the adapter announced a broken input schema). */
  'FAILED_PRECONDITION',
] as const;
export type AdapterCommandRefusal = (typeof adapterCommandRefusals)[number];

export const adapterCommandResultSchema = z.discriminatedUnion('accepted', [
  z.object({
    accepted: z.literal(true),
    commandId: z.uuid(),
    orgId: z.uuid(),
    idempotencyKey: z.string().max(200),
    /** The operation the command started, or the one its idempotency key already named. */
    operationId: z.uuid(),
    /** False when the idempotency key already named an operation (nothing new runs). */
    created: z.boolean(),
    at: z.iso.datetime({ offset: true }),
  }),
  z.object({
    accepted: z.literal(false),
    commandId: z.uuid(),
    orgId: z.uuid(),
    code: z.enum(adapterCommandRefusals),
    field: z.string().max(200).optional(),
    message: z.string().max(1_000),
    at: z.iso.datetime({ offset: true }),
  }),
]);
export type AdapterCommandResult = z.infer<typeof adapterCommandResultSchema>;

/**
 * `adapters.v1.<org>.command.<commandId>.result`: the broker's answer to one command (then the operation's events
 * follow on `adapters.v1.<org>.operation.<operationId>.event`). Answering the same command again is one message.
 */
export const adapterCommandResultEvent = defineEvent({
  name: 'AdapterCommandResult',
  version: 1,
  stream: adaptersStream,
  schema: adapterCommandResultSchema,
  subject: (p) =>
    `adapters.v1.${subjectToken(p.orgId, 'orgId')}.command.${subjectToken(p.commandId, 'commandId')}.result`,
  msgId: (p) => `adapter-command-result:${p.commandId}`,
});
