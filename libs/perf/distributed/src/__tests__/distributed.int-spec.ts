import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectMessaging, type MessagingClient } from '@meshplane/messaging';
import { decodeHistogram, latencyStats, newHistogram } from '@meshplane/perf-loadgen';
import { startTestNats, type NatsServer } from '@meshplane/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DistributedRunError,
  runDistributed,
  startLoadWorker,
  type DistributedLoadOptions,
  type DistributedResult,
} from '../index.js';

/**
 * Coordinator and workers in this process over a real nats-server, loading a Node HTTP server on 127.0.0.1. Runs are
 * short; assertions are on counts, exact histogram equality and shard states, never on speed.
 */
let nats: NatsServer;
let client: MessagingClient;
let target: Server;
let url: string;
const workerClients: MessagingClient[] = [];

beforeAll(async () => {
  nats = await startTestNats();
  client = await connectMessaging({ url: nats.url, name: 'perf-coordinator-test' });
  target = createServer((_request, response) => response.end('ok'));
  target.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await Promise.all(workerClients.map((c) => c.close().catch(() => undefined)));
  await client?.close();
  target?.closeAllConnections();
  await new Promise((resolve) => target?.close(resolve));
  await nats?.stop();
});

/** Workers on connections of their own (as on other machines); stop() aborts them and waits until they ended. */
async function startWorkers(ids: string[]) {
  const workers = await Promise.all(
    ids.map(async (workerId) => {
      const own = await connectMessaging({ url: nats.url, name: workerId });
      workerClients.push(own);
      const controller = new AbortController();
      const worker = startLoadWorker({
        client: own,
        workerId,
        signal: controller.signal,
        pullExpiresMs: 300,
      });
      return { workerId, controller, worker };
    }),
  );
  return {
    stop: (workerId: string) => workers.find((w) => w.workerId === workerId)?.controller.abort(),
    stopAll: async () => {
      for (const w of workers) w.controller.abort();
      await Promise.all(workers.map((w) => w.worker.done));
    },
  };
}

/**
 * 1.5 s: long enough that a starved CI machine still completes a request inside the window (a 500 ms window once
 * ended before the first response arrived: 0 requests).
 */
const options: Omit<DistributedLoadOptions, 'url'> = {
  model: 'closed',
  connections: 2,
  durationMs: 1500,
  threads: 1,
};
/** Lead and heartbeat short enough for a quick test, long enough for a loaded CI machine (lost after 2 s of silence). */
const fast = { leadMs: 3000, heartbeatMs: 500 };

/** The run's merged histogram against one built here from every shard's raw histogram. */
function expectExactMerge(result: DistributedResult): void {
  const shardHistograms = result.shards.map((s) => s.measurement?.histograms.uncorrected ?? '');
  const all = newHistogram();
  try {
    for (const encoded of shardHistograms) {
      const part = decodeHistogram(encoded);
      all.add(part);
      part.destroy();
    }
    const expected = latencyStats(all);
    expect(result.latency.uncorrected).toEqual(expected);
    expect(result.latency.uncorrected.count).toBe(
      result.shards.reduce((total, s) => total + (s.measurement?.requests ?? 0), 0),
    );
    expect(result.requests).toBe(expected.count);
  } finally {
    all.destroy();
  }
}

describe('distributed load over JetStream', () => {
  it('1 and 2 workers: every shard completes and the histograms merge exactly', async () => {
    const workers = await startWorkers(['w-a', 'w-b']);
    try {
      const orgId = randomUUID();
      const one = await runDistributed({ client, options: { ...options, url }, workers: 1, orgId, ...fast });
      expect(one.shards.map((s) => s.status)).toEqual(['completed']);
      expect(one.partial).toBeUndefined();
      expect(one.requests).toBeGreaterThan(0);
      expectExactMerge(one);

      const two = await runDistributed({ client, options: { ...options, url }, workers: 2, orgId, ...fast });
      expect(two.shards.map((s) => s.status)).toEqual(['completed', 'completed']);
      // One shard per worker at a time: two shards ran on two different workers.
      expect(new Set(two.shards.map((s) => s.workerId))).toEqual(new Set(['w-a', 'w-b']));
      expect(two.partial).toBeUndefined();
      expect(two.connections).toBe(2);
      expect(two.statusCodes['200']).toBe(two.requests - two.errors);
      expect(two.series.reduce((total, s) => total + s.requests, 0)).toBe(two.requests);
      expectExactMerge(two);

      // A shard that reaches a worker past its start time (here: no lead, no tolerance) is refused, never run late.
      const late = runDistributed({
        client,
        options: { ...options, url },
        workers: 1,
        orgId,
        leadMs: 0,
        startToleranceMs: 0,
        heartbeatMs: 500,
      });
      await expect(late).rejects.toThrow(
        /shard 0 failed: shard 0 reached worker w-[ab] \d+ ms after its start time/,
      );
    } finally {
      await workers.stopAll();
    }
  });

  it('a worker stopped mid-run: its shard is lost and the result partial, the other shard still counted', async () => {
    const workers = await startWorkers(['w-c', 'w-d']);
    let stopped: string | undefined;
    try {
      const result = await runDistributed({
        client,
        options: { ...options, url, durationMs: 2000 },
        workers: 2,
        orgId: randomUUID(),
        ...fast,
        onProgress: (progress) => {
          // Once one shard reports measured requests, its worker "dies": no result, no ack, no more heartbeats.
          const running = progress.shards.find((s) => s.status === 'running' && s.requests > 0);
          if (stopped === undefined && running?.workerId !== undefined) {
            stopped = running.workerId;
            workers.stop(stopped);
          }
        },
      });
      expect(stopped).toBeDefined();
      const lost = result.shards.find((s) => s.workerId === stopped);
      const kept = result.shards.find((s) => s.workerId !== stopped);
      expect(lost).toMatchObject({ status: 'lost', error: expect.stringMatching(/stopped reporting/) });
      expect(kept?.status).toBe('completed');
      expect(result.partial?.reason).toMatch(/1 of 2 shard\(s\) missing; shard \d lost/);
      expect(result.requests).toBe(kept?.measurement?.requests);
      expectExactMerge({ ...result, shards: result.shards.filter((s) => s.status === 'completed') });
    } finally {
      await workers.stopAll();
    }
  });

  it('no worker running: the run fails with which shard nobody took', async () => {
    const run = runDistributed({
      client,
      options: { ...options, url },
      workers: 1,
      orgId: randomUUID(),
      leadMs: 300,
      heartbeatMs: 300,
    });
    await expect(run).rejects.toThrow(DistributedRunError);
    await expect(run).rejects.toThrow(/no perf worker took shard 0 within the 300 ms lead time/);
  });
});
