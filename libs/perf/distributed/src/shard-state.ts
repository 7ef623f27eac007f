import type { PerfShardHeartbeat, PerfShardResult, ShardMeasurement } from '@meshplane/contracts';

export type ShardStatusName = 'pending' | 'running' | 'completed' | 'failed' | 'lost';

/** Where one shard of a distributed run stands, as its coordinator sees it. */
export interface ShardStatus {
  index: number;
  status: ShardStatusName;
  /** The worker that took the shard (once it reported). */
  workerId?: string;
  /** Why the shard failed or was lost. */
  error?: string;
  /** Measured window so far (last heartbeat), or the final count. */
  requests: number;
  errors: number;
  /** What the shard measured (completed only). */
  measurement?: ShardMeasurement;
}

export interface ShardTimes {
  /** A shard no worker reported by then was taken by none (failed). */
  pickupDeadline: number;
  /** A running shard without a heartbeat for this long lost its worker. */
  heartbeatTimeoutMs: number;
  /** Start + warm-up + duration + grace: a shard without a result by then is lost. */
  deadline: number;
  /** For messages. */
  leadMs: number;
}

/** Tracks the shards of one run from heartbeats, results and the clock. */
export class ShardTracker {
  readonly shards: ShardStatus[];
  private readonly lastHeard: number[];
  /** Shards this tracker ended on its own verdict (nobody reported, silence): a later report from a worker revises it. */
  private readonly presumed = new Set<number>();

  constructor(
    count: number,
    private readonly times: ShardTimes,
  ) {
    this.shards = Array.from({ length: count }, (_, index) => ({
      index,
      status: 'pending',
      requests: 0,
      errors: 0,
    }));
    this.lastHeard = Array.from({ length: count }, () => 0);
  }

  /** A heartbeat of a shard given up on a presumption (slow network, busy machine) brings it back while the run goes on. */
  heartbeat(beat: PerfShardHeartbeat, now: number): void {
    const shard = this.shards[beat.index];
    if (shard === undefined) return;
    if (isFinal(shard.status) && !this.presumed.has(beat.index)) return;
    if (now > this.times.deadline) return;
    this.presumed.delete(beat.index);
    delete shard.error;
    shard.status = 'running';
    shard.workerId = beat.workerId;
    shard.requests = Math.max(shard.requests, beat.requests);
    shard.errors = Math.max(shard.errors, beat.errors);
    this.lastHeard[beat.index] = now;
  }

  /** A result counts even after the shard was given up (as lost, or as taken by nobody): what it measured is real. */
  result(result: PerfShardResult): void {
    const shard = this.shards[result.index];
    if (shard === undefined) return;
    if (isFinal(shard.status) && !this.presumed.has(result.index)) return;
    this.presumed.delete(result.index);
    shard.workerId = result.workerId;
    if (result.status === 'completed' && result.measurement !== undefined) {
      shard.status = 'completed';
      shard.measurement = result.measurement;
      shard.requests = result.measurement.requests;
      shard.errors = result.measurement.errors;
      delete shard.error;
    } else {
      shard.status = 'failed';
      shard.error = result.error ?? 'the worker reported a failure without a reason';
    }
  }

  /** Applies the clock: shards nobody took fail, shards whose worker went silent are lost. */
  assess(now: number): void {
    const { pickupDeadline, heartbeatTimeoutMs, deadline, leadMs } = this.times;
    for (const shard of this.shards) {
      if (shard.status === 'pending' && now > pickupDeadline) {
        shard.status = 'failed';
        shard.error = `no perf worker took shard ${shard.index} within the ${leadMs} ms lead time`;
        this.presumed.add(shard.index);
      } else if (
        shard.status === 'running' &&
        now - (this.lastHeard[shard.index] ?? 0) > heartbeatTimeoutMs
      ) {
        shard.status = 'lost';
        shard.error = `worker ${shard.workerId ?? '?'} stopped reporting (no heartbeat for ${heartbeatTimeoutMs} ms)`;
        this.presumed.add(shard.index);
      }
      if (!isFinal(shard.status) && now > deadline) {
        shard.status = 'lost';
        shard.error = `no result from worker ${shard.workerId ?? '?'} by the run's deadline`;
        this.presumed.add(shard.index);
      }
    }
  }

  done(): boolean {
    return this.shards.every((shard) => isFinal(shard.status));
  }
}

export function isFinal(status: ShardStatusName): boolean {
  return status === 'completed' || status === 'failed' || status === 'lost';
}
