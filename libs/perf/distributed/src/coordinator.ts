import { randomUUID } from 'node:crypto';
import {
  decodePayload,
  perfRunsStream,
  perfRunSubjects,
  perfShardEvent,
  perfShardHeartbeatEvent,
  perfShardResultEvent,
  type PerfShard,
} from '@meshplane/contracts';
import { Publisher, type MessagingClient } from '@meshplane/messaging';
import { LOOPBACK_ONLY, validateOptions, type TargetPolicy } from '@meshplane/perf-loadgen';
import { DeliverPolicy } from '@nats-io/jetstream';
import { mergeShards, type DistributedResult } from './merge.js';
import { ShardTracker, type ShardStatus } from './shard-state.js';
import { splitLoadOptions, type DistributedLoadOptions } from './split.js';
import { ensurePerfTopology } from './topology.js';

export interface DistributedProgress {
  runId: string;
  elapsedMs: number;
  requests: number;
  errors: number;
  shards: ShardStatus[];
}

export interface DistributedRunOptions {
  client: MessagingClient;
  options: DistributedLoadOptions;
  /** Shards, one per worker. */
  workers: number;
  /** The organization the run belongs to: its shards and results travel under its subjects. */
  orgId: string;
  /** Shards are published this long before the common start (default 3 s): time for workers to take them. */
  leadMs?: number;
  /** A worker receiving a shard later than start + this refuses it (default 500 ms). */
  startToleranceMs?: number;
  /** Workers report this often (default 1 s); a shard is lost after 3 missed heartbeats. */
  heartbeatMs?: number;
  /** After start + warm-up + duration, how long to wait for results (default 15 s). */
  graceMs?: number;
  /** Checked here before anything is published (default LOOPBACK_ONLY); each worker applies its own too. */
  targetPolicy?: TargetPolicy;
  /** Stops waiting: shards without a result are reported lost, the result partial. */
  signal?: AbortSignal;
  onProgress?: (progress: DistributedProgress) => void;
}

export class DistributedRunError extends Error {
  constructor(
    message: string,
    readonly runId: string,
    readonly shards: ShardStatus[],
  ) {
    super(message);
    this.name = 'DistributedRunError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs one load test split across `workers` perf workers: publishes one shard per worker to the work queue with a
 * common start time, follows their heartbeats and results, and merges the completed shards exactly. Every shard ends
 * completed, failed or lost, and the run ends by start + warm-up + duration + grace at the latest. Throws
 * DistributedRunError when no shard completed.
 */
export async function runDistributed(run: DistributedRunOptions): Promise<DistributedResult> {
  const { client, options, workers, orgId } = run;
  if (!UUID.test(orgId)) throw new TypeError(`orgId must be a UUID, got ${JSON.stringify(orgId)}`);
  validateOptions({ ...options, targetPolicy: run.targetPolicy ?? LOOPBACK_ONLY });
  const shardOptions = splitLoadOptions(options, workers);
  const leadMs = run.leadMs ?? 3000;
  const heartbeatMs = run.heartbeatMs ?? 1000;
  const startToleranceMs = run.startToleranceMs ?? 500;
  await ensurePerfTopology(client);

  const runId = randomUUID();
  const began = Date.now();
  const startAt = began + leadMs;
  const tracker = new ShardTracker(workers, {
    leadMs,
    pickupDeadline: startAt + startToleranceMs + heartbeatMs,
    heartbeatTimeoutMs: 3 * heartbeatMs + 500,
    deadline: startAt + (options.warmupMs ?? 0) + options.durationMs + (run.graceMs ?? 15_000),
  });

  // Only this run's subjects of this organization: nothing of another run or tenant reaches this coordinator.
  const consumer = await client.js.consumers.get(perfRunsStream.name, {
    filter_subjects: perfRunSubjects(orgId, runId),
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume({ max_messages: 256 });
  const reading = (async () => {
    for await (const msg of messages) {
      const kind = msg.subject.split('.')[5];
      try {
        if (kind === 'heartbeat') {
          const beat = decodePayload(perfShardHeartbeatEvent, msg.data);
          if (beat.orgId === orgId && beat.runId === runId) tracker.heartbeat(beat, Date.now());
        } else if (kind === 'result') {
          const result = decodePayload(perfShardResultEvent, msg.data);
          if (result.orgId === orgId && result.runId === runId) tracker.result(result);
        }
      } catch {
        // an invalid report counts as none: the shard's timeouts still end it
      }
    }
  })();

  try {
    const publisher = new Publisher(client);
    const shards: PerfShard[] = shardOptions.map((shardOpts, index) => ({
      orgId,
      runId,
      index,
      count: workers,
      startAt: new Date(startAt).toISOString(),
      startToleranceMs,
      heartbeatMs,
      options: shardOpts,
    }));
    const published = await publisher.publishMany(perfShardEvent, shards, { tenant: orgId });
    const failed = published.find((p) => !p.ok);
    if (failed && !failed.ok) throw new Error(`publishing the shards failed: ${failed.error.message}`);

    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = Date.now();
        tracker.assess(now);
        if (run.signal?.aborted) {
          for (const shard of tracker.shards)
            if (shard.status === 'pending' || shard.status === 'running') {
              shard.status = 'lost';
              shard.error = 'the run was stopped before this shard reported its result';
            }
        }
        try {
          run.onProgress?.({
            runId,
            elapsedMs: now - began,
            requests: tracker.shards.reduce((total, s) => total + s.requests, 0),
            errors: tracker.shards.reduce((total, s) => total + s.errors, 0),
            shards: tracker.shards.map((s) => ({ ...s })),
          });
        } catch {
          // a failing progress listener must not keep the run from ending
        }
        if (tracker.done()) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(tick, Math.min(250, heartbeatMs));
    });
  } finally {
    await messages.close();
    await reading.catch(() => undefined);
  }

  const shards = tracker.shards;
  if (!shards.some((shard) => shard.status === 'completed'))
    throw new DistributedRunError(
      `distributed run ${runId}: no shard completed (${shards
        .map((s) => `shard ${s.index} ${s.status}: ${s.error ?? ''}`)
        .join('; ')})`,
      runId,
      shards.map((s) => ({ ...s })),
    );
  return mergeShards(options, runId, shards);
}
