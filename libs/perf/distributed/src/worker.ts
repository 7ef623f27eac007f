import { setTimeout as sleep } from 'node:timers/promises';
import {
  decodePayload,
  perfLoadWorkersConsumer,
  perfShardEvent,
  perfShardHeartbeatEvent,
  perfShardResultEvent,
  type PerfShard,
  type PerfShardResult,
  type ShardMeasurement,
} from '@meshplane/contracts';
import { Publisher, type MessagingClient } from '@meshplane/messaging';
import { LOOPBACK_ONLY, runLoad, type LoadResult, type TargetPolicy } from '@meshplane/perf-loadgen';
import type { JsMsg } from '@nats-io/jetstream';
import { ensurePerfTopology } from './topology.js';

export interface LoadWorkerOptions {
  client: MessagingClient;
  /** Shown to coordinators in heartbeats and results (e.g. host name + pid). */
  workerId: string;
  /** Targets this worker may load beyond loopback (default LOOPBACK_ONLY); a shard cannot widen it. */
  policy?: TargetPolicy;
  /**
   * Stops the worker. A shard it holds is abandoned as a crash would abandon it: no result, no ack, and the
   * coordinator reports it lost once the heartbeats stop.
   */
  signal?: AbortSignal;
  /** How long one pull waits for a shard (default and least 1 s); bounds how long an abort takes to end the worker. */
  pullExpiresMs?: number;
  /** Told when a shard ends here (for logs and tests). */
  onShard?: (event: { index: number; runId: string; status: 'completed' | 'failed' | 'abandoned' }) => void;
}

export interface LoadWorker {
  /** Resolves when the worker stopped (its signal aborted); rejects if it could not start. */
  readonly done: Promise<void>;
}

/**
 * A perf worker: pulls shards from the work queue one at a time (every worker shares one durable consumer, so adding
 * workers adds capacity), waits for each shard's start time so all shards' windows line up, runs it with runLoad while
 * reporting a heartbeat every `heartbeatMs`, then publishes the result and acknowledges the shard. A shard received
 * past its start time by more than its tolerance is refused (reported failed, never run late).
 */
export function startLoadWorker(options: LoadWorkerOptions): LoadWorker {
  return { done: workLoop(options) };
}

async function workLoop(options: LoadWorkerOptions): Promise<void> {
  const { client, signal } = options;
  await ensurePerfTopology(client);
  const consumer = await client.js.consumers.get(
    perfLoadWorkersConsumer.stream.name,
    perfLoadWorkersConsumer.durable,
  );
  const publisher = new Publisher(client);
  while (!signal?.aborted && !client.isClosed()) {
    let msg: JsMsg | null;
    try {
      msg = await consumer.next({ expires: Math.max(1000, options.pullExpiresMs ?? 1000) });
    } catch {
      if (signal?.aborted || client.isClosed()) break;
      await sleep(500);
      continue;
    }
    if (msg === null) continue;
    if (signal?.aborted) break; // as a crash right after the pull: the coordinator sees no heartbeat
    try {
      await handleShard(msg, publisher, options);
    } catch {
      // The result could not be published (NATS gone): the shard stays unacked and its coordinator, seeing no more
      // heartbeats, reports it lost. The worker goes on with the next shard.
    }
  }
}

async function handleShard(msg: JsMsg, publisher: Publisher, options: LoadWorkerOptions): Promise<void> {
  let shard: PerfShard;
  try {
    shard = decodePayload(perfShardEvent, msg.data);
  } catch {
    msg.term(); // not a shard anyone can run; nobody waits for it by a run id we could name
    return;
  }
  const { workerId, signal } = options;
  const base = { orgId: shard.orgId, runId: shard.runId, index: shard.index, workerId };
  const finish = async (result: Omit<PerfShardResult, keyof typeof base | 'at'>) => {
    await publisher.publish(
      perfShardResultEvent,
      { ...base, ...result, at: new Date().toISOString() },
      { tenant: shard.orgId },
    );
    await msg.ackAck().catch(() => false);
    options.onShard?.({ index: shard.index, runId: shard.runId, status: result.status });
  };

  const startAt = Date.parse(shard.startAt);
  const lateBy = Date.now() - startAt;
  if (lateBy > shard.startToleranceMs) {
    await finish({
      status: 'failed',
      error:
        `shard ${shard.index} reached worker ${workerId} ${lateBy} ms after its start time ` +
        `(tolerance ${shard.startToleranceMs} ms): refused rather than run out of line with the other shards`,
    });
    return;
  }

  let seq = 0;
  let phase: 'waiting' | 'running' = 'waiting';
  const progress = { requests: 0, errors: 0 };
  const beat = () => {
    msg.working();
    publisher
      .publish(
        perfShardHeartbeatEvent,
        { ...base, phase, seq: seq++, ...progress, at: new Date().toISOString() },
        { tenant: shard.orgId },
      )
      .catch(() => undefined); // a missed heartbeat is what the coordinator's timeout is for
  };
  beat();
  const heartbeats = setInterval(beat, shard.heartbeatMs);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await sleep(Math.max(0, startAt - Date.now()), undefined, { signal: stop.signal }).catch(() => undefined);
    if (stop.signal.aborted) return abandon(shard, options);
    phase = 'running';
    let result: LoadResult;
    try {
      result = await runLoad(
        { ...shard.options, targetPolicy: options.policy ?? LOOPBACK_ONLY },
        {
          signal: stop.signal,
          onProgress: (p) => {
            progress.requests = p.requests;
            progress.errors = p.errors;
          },
        },
      );
    } catch (error) {
      if (stop.signal.aborted) return abandon(shard, options);
      clearInterval(heartbeats);
      await finish({ status: 'failed', error: (error as Error).message });
      return;
    }
    if (stop.signal.aborted) return abandon(shard, options);
    clearInterval(heartbeats);
    await finish({ status: 'completed', measurement: measurementOf(result) });
  } finally {
    clearInterval(heartbeats);
    signal?.removeEventListener('abort', onAbort);
  }
}

function abandon(shard: PerfShard, options: LoadWorkerOptions): void {
  options.onShard?.({ index: shard.index, runId: shard.runId, status: 'abandoned' });
}

/** The parts of a LoadResult a coordinator needs to merge shards exactly. */
export function measurementOf(result: LoadResult): ShardMeasurement {
  if (result.histograms === undefined) throw new Error('the load result has no histogram to merge');
  return {
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    requests: result.requests,
    errors: result.errors,
    histograms: result.histograms,
    statusCodes: result.statusCodes,
    errorClasses: result.errorClasses,
    series: result.series,
    generatorHealth: result.generatorHealth,
    ...(result.partial ? { partial: { reason: result.partial.reason } } : {}),
  };
}
