import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { combinePartitions } from './combine.js';
import { validateOptions, type LoadOptions, type ValidatedOptions } from './options.js';
import {
  now,
  runPartition,
  type PartitionPlan,
  type PartitionProgress,
  type PartitionResult,
} from './partition.js';
import type { LoadResult } from './result.js';
import type { WorkerReply, WorkerRequest } from './worker-main.js';

export interface LoadProgress {
  /** Since the warm-up started. */
  elapsedMs: number;
  phase: 'warmup' | 'measure' | 'drain';
  /** Measured window so far, over all threads. */
  requests: number;
  errors: number;
}

export interface RunControl {
  /** Aborting ends the run early; the result covers what was measured and is marked partial. */
  signal?: AbortSignal;
  /** Called once per second. */
  onProgress?: (progress: LoadProgress) => void;
}

/** Threads start together this long after the last one reported ready. */
const START_MARGIN_MS = 20;

/**
 * Runs a load test and returns its result. Options are validated (and the target checked against the target
 * policy) before anything is opened. With `threads` > 1 the connections and the rate are split across worker threads
 * (each its own event loop, so every core sends); their histograms are merged exactly.
 */
export async function runLoad(options: LoadOptions, control: RunControl = {}): Promise<LoadResult> {
  const validated = validateOptions(options);
  const progressByPart: PartitionProgress[] = [];
  let startAt = Number.POSITIVE_INFINITY;
  const reporter = control.onProgress
    ? setInterval(() => {
        const t = now();
        const measureStart = startAt + validated.warmupMs;
        (control.onProgress as (progress: LoadProgress) => void)({
          elapsedMs: Math.max(0, t - startAt),
          phase: t < measureStart ? 'warmup' : t < measureStart + validated.durationMs ? 'measure' : 'drain',
          requests: progressByPart.reduce((total, part) => total + (part?.requests ?? 0), 0),
          errors: progressByPart.reduce((total, part) => total + (part?.errors ?? 0), 0),
        });
      }, 1000)
    : undefined;
  try {
    if (validated.threads === 1) {
      startAt = now();
      const part = await runPartition(planFor(validated, 0, 1, startAt), {
        signal: control.signal,
        onProgress: (progress) => (progressByPart[0] = progress),
      });
      return combinePartitions(validated, [part], {
        measureStart: startAt + validated.warmupMs,
        workersLost: 0,
      });
    }
    const threads = await startWorkers(validated.threads);
    startAt = now() + START_MARGIN_MS;
    const outcomes = await Promise.all(
      threads.map((worker, index) =>
        runOnWorker(
          worker,
          planFor(validated, index, threads.length, startAt),
          control.signal,
          (progress) => {
            progressByPart[index] = progress;
          },
        ),
      ),
    );
    const parts = outcomes.filter((outcome): outcome is PartitionResult => !(outcome instanceof Error));
    const lost = outcomes.filter((outcome): outcome is Error => outcome instanceof Error);
    if (parts.length === 0)
      throw new Error(`every load thread failed: ${lost.map((e) => e.message).join('; ')}`);
    return combinePartitions(validated, parts, {
      measureStart: startAt + validated.warmupMs,
      workersLost: lost.length,
    });
  } finally {
    if (reporter) clearInterval(reporter);
  }
}

/** The index-th of n shares: connections, in-flight requests and rate split as evenly as integers allow. */
export function planFor(options: ValidatedOptions, index: number, n: number, startAt: number): PartitionPlan {
  const share = (total: number) => Math.floor(total / n) + (index < total % n ? 1 : 0);
  const rate = options.rate === undefined ? undefined : options.rate / n;
  return {
    options,
    connections: Math.max(1, share(options.connections)),
    concurrency: Math.max(1, share(options.concurrency)),
    rate,
    // Partition i's sends fall between partition 0's, so together they keep the total rate evenly spaced.
    phaseMs: options.rate === undefined ? 0 : (index * 1000) / options.rate,
    startAt,
  };
}

function workerUrl(): URL {
  const url = new URL('./worker-main.js', import.meta.url);
  if (!existsSync(fileURLToPath(url)))
    throw new Error(
      `threads > 1 needs the built library (${fileURLToPath(url)} is missing: run from dist, or pass threads: 1)`,
    );
  return url;
}

async function startWorkers(count: number): Promise<Worker[]> {
  const url = workerUrl();
  const workers = Array.from({ length: count }, () => new Worker(url));
  try {
    await Promise.all(workers.map((worker) => nextReply(worker, 'ready')));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
  return workers;
}

/** Resolves with the partition's result, or with an Error when the thread failed (the run becomes partial). */
async function runOnWorker(
  worker: Worker,
  plan: PartitionPlan,
  signal: AbortSignal | undefined,
  onProgress: (progress: PartitionProgress) => void,
): Promise<PartitionResult | Error> {
  const onAbort = () => worker.postMessage({ type: 'stop' } satisfies WorkerRequest);
  signal?.addEventListener('abort', onAbort, { once: true });
  const onMessage = (reply: WorkerReply) => {
    if (reply.type === 'progress') onProgress(reply.progress);
  };
  worker.on('message', onMessage);
  try {
    worker.postMessage({ type: 'run', plan, stopped: signal?.aborted ?? false } satisfies WorkerRequest);
    const reply = await nextReply(worker, 'result');
    return reply.type === 'result' ? reply.result : new Error('unexpected reply');
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.off('message', onMessage);
    await worker.terminate();
  }
}

function nextReply(worker: Worker, type: 'ready' | 'result'): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply) => {
      if (reply.type === 'failed') {
        cleanup();
        reject(new Error(`load thread failed: ${reply.message}`));
      } else if (reply.type === type) {
        cleanup();
        resolve(reply);
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`load thread exited (code ${code}) before its ${type}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
