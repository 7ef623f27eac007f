import { parentPort } from 'node:worker_threads';
import { newHistogram } from './histogram.js';
import {
  runPartition,
  type PartitionPlan,
  type PartitionProgress,
  type PartitionResult,
} from './partition.js';

/**
 * Entry point of a load thread (a worker thread that runLoad starts; the perf service's worker process can start
 * it the same way). It runs one partition and answers with its result as plain data.
 */
export type WorkerRequest = { type: 'run'; plan: PartitionPlan; stopped: boolean } | { type: 'stop' };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; progress: PartitionProgress }
  | { type: 'result'; result: PartitionResult }
  | { type: 'failed'; message: string };

if (parentPort) {
  const port = parentPort;
  const stop = new AbortController();
  const reply = (message: WorkerReply) => port.postMessage(message);
  port.on('message', (request: WorkerRequest) => {
    if (request.type === 'stop') return stop.abort();
    if (request.stopped) stop.abort();
    runPartition(request.plan, {
      signal: stop.signal,
      onProgress: (progress) => reply({ type: 'progress', progress }),
    }).then(
      (result) => reply({ type: 'result', result }),
      (error: unknown) =>
        reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
  // Load the WASM histograms before reporting ready, so that every thread starts sending on time.
  newHistogram().destroy();
  reply({ type: 'ready' });
}
