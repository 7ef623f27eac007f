import { defineStream } from '../messaging/stream.definition.js';

/**
 * Load shards of distributed perf runs, waiting for a perf worker. Work-queue retention: a shard leaves the stream
 * once a worker acknowledges it, and the one durable consumer all workers share hands each shard to one worker.
 * Short-lived: a shard not taken within its lead time is refused by every worker anyway.
 */
export const perfShardsStream = defineStream({
  name: 'PERF_SHARDS',
  subjects: ['perf.v1.shards.>'],
  retention: 'workqueue',
  maxAgeMs: 60 * 60 * 1000,
  duplicateWindowMs: 10 * 60 * 1000,
});

/** Heartbeats and results of the shards of distributed perf runs, read by each run's coordinator. */
export const perfRunsStream = defineStream({
  name: 'PERF_RUNS',
  subjects: ['perf.v1.runs.>'],
  maxAgeMs: 60 * 60 * 1000,
  duplicateWindowMs: 10 * 60 * 1000,
});

/**
 * The durable pull consumer every perf worker pulls shards from (horizontal scaling: more workers, more shards run at
 * once). Delivered at most once (max deliver 1): a shard whose worker dies is never handed to another one, late and
 * out of line with the other shards' windows; the coordinator reports it lost instead. The ack wait is renewed by
 * every heartbeat (`working()`), so a long shard is not considered abandoned while it runs.
 */
export const perfLoadWorkersConsumer = Object.freeze({
  stream: perfShardsStream,
  durable: 'perf-load-workers',
  filterSubject: 'perf.v1.shards.>',
  ackWaitMs: 30_000,
  maxDeliver: 1,
});
