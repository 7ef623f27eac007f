import { defineEvent } from '../messaging/event.definition.js';
import { subjectToken } from '../messaging/subject.js';
import { perfShardHeartbeatSchema, perfShardResultSchema, perfShardSchema } from './perf-shard.schema.js';
import { perfRunsStream, perfShardsStream } from './perf.streams.js';

/** `perf.v1.shards.<org>.<run>.<index>`: a shard waiting for a worker. */
export function perfShardSubject(orgId: string, runId: string, index: number): string {
  return `perf.v1.shards.${subjectToken(orgId, 'orgId')}.${subjectToken(runId, 'runId')}.${index}`;
}

/**
 * `perf.v1.runs.<org>.<run>.>`: everything the workers report about one run. A coordinator reads only this, so it sees
 * its own run of its own organization and nothing else.
 */
export function perfRunSubjects(orgId: string, runId: string): string {
  return `perf.v1.runs.${subjectToken(orgId, 'orgId')}.${subjectToken(runId, 'runId')}.>`;
}

/** The shard of a run; its dedup id is run + shard, so publishing it again (a retried publish) stores it once. */
export const perfShardEvent = defineEvent({
  name: 'PerfShard',
  version: 1,
  stream: perfShardsStream,
  schema: perfShardSchema,
  subject: (p) => perfShardSubject(p.orgId, p.runId, p.index),
  msgId: (p) => `perf-shard:${p.runId}:${p.index}`,
});

/** `perf.v1.runs.<org>.<run>.heartbeat.<index>` */
export const perfShardHeartbeatEvent = defineEvent({
  name: 'PerfShardHeartbeat',
  version: 1,
  stream: perfRunsStream,
  schema: perfShardHeartbeatSchema,
  subject: (p) => `perf.v1.runs.${subjectToken(p.orgId)}.${subjectToken(p.runId)}.heartbeat.${p.index}`,
  msgId: (p) => `perf-hb:${p.runId}:${p.index}:${p.seq}`,
});

/** `perf.v1.runs.<org>.<run>.result.<index>`: one per shard (dedup id run + shard). */
export const perfShardResultEvent = defineEvent({
  name: 'PerfShardResult',
  version: 1,
  stream: perfRunsStream,
  schema: perfShardResultSchema,
  subject: (p) => `perf.v1.runs.${subjectToken(p.orgId)}.${subjectToken(p.runId)}.result.${p.index}`,
  msgId: (p) => `perf-result:${p.runId}:${p.index}`,
});
