// First: every connection of this process stays on loopback.
import '../loopback-only.js';
import { processEnv } from '@meshplane/config';
import { connectMessaging } from '@meshplane/messaging';
import { startLoadWorker } from '@meshplane/perf-distributed';

/**
 * One perf worker for the bench's distributed figure, in a process of its own as on another machine: pulls shards
 * from the PERF_SHARDS work queue on BENCH_NATS_URL until SIGTERM. Prints `WORKER READY <id>` once it pulls.
 */
const env = processEnv();
const url = env['BENCH_NATS_URL'];
const workerId = env['BENCH_WORKER_ID'] ?? `bench-worker-${process.pid}`;
if (!url) throw new Error('BENCH_NATS_URL is required');
const client = await connectMessaging({ url, name: workerId });
const controller = new AbortController();
const worker = startLoadWorker({ client, workerId, signal: controller.signal, pullExpiresMs: 1000 });
process.stdout.write(`WORKER READY ${workerId}\n`);
const stop = () => controller.abort();
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
await worker.done;
await client.close();
