import {
  clusterSyncStatusEvent,
  resourceChangesEvent,
  syncMarkerEvent,
} from './discovery/discovery.events.js';
import { discoveryStream } from './discovery/discovery.stream.js';
import { adapterChangedEvent, adapterOperationEvent } from './adapters/adapters.events.js';
import { adaptersStream } from './adapters/adapters.stream.js';
import {
  adapterCommandResultEvent,
  adapterCommandsConsumer,
  adapterCommandsStream,
  adapterOperationCommand,
} from './adapters/adapter-commands.js';
import { deadLetterEvent } from './dead-letter/dead-letter.event.js';
import { deadLetterStream } from './dead-letter/dead-letter.stream.js';
import type { PayloadOf } from './messaging/event.definition.js';
import { perfShardEvent, perfShardHeartbeatEvent, perfShardResultEvent } from './perf/perf.events.js';
import { perfRunsStream, perfShardsStream } from './perf/perf.streams.js';
import {
  perfResultsStream,
  performanceResultRecordedEvent,
  providersResultSyncConsumer,
} from './perf/perf-results.js';
import { providersSystemLogConsumer } from './system/providers-system-log.consumer.js';
import { systemEvent } from './system/system-event.event.js';
import { systemStream } from './system/system.stream.js';
import { connectionCredentialsRequest } from './connections/connection-credentials.request.js';
import { clusterEnvironmentRequest } from './discovery/cluster-environment.request.js';
import { fingerprintRulesRequest } from './discovery/fingerprint-rules.request.js';

/** Every event contract by name: the single place to look up what a name carries. */
export const events = {
  SystemEvent: systemEvent,
  DeadLetter: deadLetterEvent,
  ResourceChanges: resourceChangesEvent,
  SyncMarker: syncMarkerEvent,
  ClusterSyncStatusChanged: clusterSyncStatusEvent,
  PerfShard: perfShardEvent,
  PerfShardHeartbeat: perfShardHeartbeatEvent,
  PerfShardResult: perfShardResultEvent,
  PerformanceResultRecorded: performanceResultRecordedEvent,
  AdapterChanged: adapterChangedEvent,
  AdapterOperationEvent: adapterOperationEvent,
  RunAdapterOperation: adapterOperationCommand,
  AdapterCommandResult: adapterCommandResultEvent,
} as const;

export type EventName = keyof typeof events;
export type EventMap = { [K in EventName]: PayloadOf<(typeof events)[K]> };

export const streams = [
  systemStream,
  deadLetterStream,
  discoveryStream,
  perfShardsStream,
  perfRunsStream,
  perfResultsStream,
  adaptersStream,
  adapterCommandsStream,
] as const;
export const consumers = [
  providersSystemLogConsumer,
  adapterCommandsConsumer,
  providersResultSyncConsumer,
] as const;
/** Request/reply contracts over core NATS (see defineRequest): none of their subjects is in a stream. */
export const requests = [
  connectionCredentialsRequest,
  clusterEnvironmentRequest,
  fingerprintRulesRequest,
] as const;
