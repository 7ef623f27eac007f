export {
  assertVersionedSubject,
  subjectMatches,
  subjectPatternWithin,
  subjectToken,
} from './messaging/subject.js';
export {
  defineStream,
  type StreamDefinition,
  type StreamDefinitionInput,
  type StreamRetention,
  type StreamStorage,
} from './messaging/stream.definition.js';
export {
  defineEvent,
  type EventDefinition,
  type EventDefinitionInput,
  type PayloadOf,
} from './messaging/event.definition.js';
export {
  defineConsumer,
  type ConsumerDefinition,
  type ConsumerDefinitionInput,
} from './messaging/consumer.definition.js';
export { MessageHeaders, type MessageHeaderName } from './messaging/message-headers.js';
export { InvalidPayloadError, type PayloadIssue } from './messaging/invalid-payload.error.js';
export { decodePayload, encodePayload, parsePayload } from './messaging/parse-payload.js';
export { systemStream } from './system/system.stream.js';
export {
  systemEventKinds,
  systemEventSchema,
  systemEventSeverities,
  type SystemEvent,
} from './system/system-event.schema.js';
export { systemEvent } from './system/system-event.event.js';
export { providersSystemLogConsumer } from './system/providers-system-log.consumer.js';
export { deadLetterStream } from './dead-letter/dead-letter.stream.js';
export {
  deadLetterReasons,
  deadLetterSchema,
  type DeadLetterReason,
  type DeadLetterRecord,
} from './dead-letter/dead-letter.schema.js';
export { deadLetterEvent, deadLetterSubjectFor } from './dead-letter/dead-letter.event.js';
export { consumers, events, requests, streams, type EventMap, type EventName } from './catalog.js';
export {
  defineRequest,
  type RequestDefinition,
  type RequestDefinitionInput,
} from './messaging/request.definition.js';
export {
  CONNECTION_CREDENTIALS_AUDIENCE,
  connectionCredentialsAad,
  connectionCredentialsFailures,
  connectionCredentialsRequest,
  connectionCredentialsRequestSchema,
  connectionCredentialsResponseSchema,
  sealedToRecipientSchema,
  type ConnectionCredentialsFailure,
  type ConnectionCredentialsRequest,
  type ConnectionCredentialsResponse,
  type SealedToRecipient,
} from './connections/connection-credentials.request.js';
export {
  CLUSTER_ENVIRONMENT_AUDIENCE,
  clusterEnvironmentFailures,
  clusterEnvironmentRequest,
  clusterEnvironmentRequestSchema,
  clusterEnvironmentResponseSchema,
  clusterEnvironmentSchema,
  type ClusterEnvironment,
  type ClusterEnvironmentFailure,
  type ClusterEnvironmentRequest,
  type ClusterEnvironmentResponse,
} from './discovery/cluster-environment.request.js';
export {
  FINGERPRINT_RULES_AUDIENCE,
  fingerprintRulesRequest,
  fingerprintRulesRequestSchema,
  fingerprintRulesResponseSchema,
  type FingerprintRulesRequest,
  type FingerprintRulesResponse,
} from './discovery/fingerprint-rules.request.js';
export {
  INTERNAL_ENDPOINTS_AUDIENCE,
  INTERNAL_PATHS,
  ORG_HEADER,
  principalRejectionCodes,
  principalRejectionSchema,
  resolvedPrincipalSchema,
  resolvePrincipalRequestSchema,
  verifyApiTokenRequestSchema,
  type PrincipalRejection,
  type ResolvedPrincipal,
  type ResolvePrincipalRequest,
  type VerifyApiTokenRequest,
} from './identity/principal-resolution.js';
export { discoveryStream } from './discovery/discovery.stream.js';
export {
  resourceChangeSchema,
  resourceChangesSchema,
  resourceChangeTypes,
  resourceKindSchema,
  syncIdMillis,
  syncIdSchema,
  syncMarkerSchema,
  type ResourceChange,
  type ResourceChanges,
  type ResourceKind,
  type SyncMarker,
} from './discovery/resource-changes.schema.js';
export {
  clusterSyncPhases,
  clusterSyncStatusSchema,
  MAX_PENDING_KINDS_LISTED,
  type ClusterSyncStatusPayload,
} from './discovery/cluster-sync-status.schema.js';
export {
  clusterSyncStatusEvent,
  discoverySubject,
  kindToken,
  resourceChangesEvent,
  resourceChangesMsgId,
  syncMarkerEvent,
} from './discovery/discovery.events.js';
export { perfLoadWorkersConsumer, perfRunsStream, perfShardsStream } from './perf/perf.streams.js';
export {
  perfResultsStream,
  performanceResultRecordedEvent,
  performanceResultRecordedSchema,
  providersResultSyncConsumer,
  type PerformanceResultRecorded,
} from './perf/perf-results.js';
export {
  perfShardHeartbeatSchema,
  perfShardResultSchema,
  perfShardSchema,
  shardLoadOptionsSchema,
  shardMeasurementSchema,
  type PerfShard,
  type PerfShardHeartbeat,
  type PerfShardResult,
  type ShardLoadOptions,
  type ShardMeasurement,
} from './perf/perf-shard.schema.js';
export {
  perfRunSubjects,
  perfShardEvent,
  perfShardHeartbeatEvent,
  perfShardResultEvent,
  perfShardSubject,
} from './perf/perf.events.js';
export { adaptersStream } from './adapters/adapters.stream.js';
export {
  adapterCatalogueSchema,
  adapterChangedSchema,
  adapterHealths,
  type AdapterCatalogue,
  type AdapterChangedPayload,
} from './adapters/adapter-changed.schema.js';
export { adapterChangedEvent, adapterOperationEvent } from './adapters/adapters.events.js';
export {
  ADAPTER_COMMANDS_AUDIENCE,
  adapterCommandRefusals,
  adapterCommandResultEvent,
  adapterCommandResultSchema,
  adapterCommandsConsumer,
  adapterCommandsStream,
  adapterOperationCommand,
  adapterOperationCommandSchema,
  type AdapterCommandRefusal,
  type AdapterCommandResult,
  type AdapterOperationCommand,
} from './adapters/adapter-commands.js';
export {
  adapterOperationEventSchema,
  operationEventSeverities,
  operationStatuses,
  type AdapterOperationEventPayload,
} from './adapters/operation-event.schema.js';
