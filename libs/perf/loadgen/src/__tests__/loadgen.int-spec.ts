import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createH2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHistogram, runLoad, runLoadAcross, type LoadOptions, type LoadProgress } from '../index.js';

/**
 * The engine against a Node HTTP server on 127.0.0.1 in this process. Runs are short (0.3-1.5 s): assertions are on
 * counts and on what the models must show, never on how fast anything was.
 */
let server: Server;
let base: string;
let stall: { afterRequests: number; forMs: number; seen: number; releaseAt: number } | undefined;

function handle(request: IncomingMessage, response: ServerResponse): void {
  if (request.url === '/hang') return; // never answers
  if (request.url === '/big') return streamForever(response);
  if (request.url === '/stall' && stall) {
    stall.seen++;
    if (stall.seen === stall.afterRequests) stall.releaseAt = Date.now() + stall.forMs;
    const wait = stall.releaseAt - Date.now();
    // The target "freezes": every request arriving during the stall is answered when it ends.
    if (wait > 0) {
      setTimeout(() => response.end('late'), wait);
      return;
    }
  }
  response.end('ok');
}

/** A body without end (until the client goes away): the engine must cap it, not buffer it. */
function streamForever(response: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  const write = () => {
    while (!response.destroyed && sent < 256 * 1024 * 1024) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', write);
    }
    response.end();
  };
  write();
}

beforeAll(async () => {
  server = createServer(handle);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const common: Partial<LoadOptions> = { threads: 1, connections: 4 };

describe('runLoad against a local server', () => {
  it('closed model: as fast as it goes on keep-alive connections, every response counted', async () => {
    const result = await runLoad({
      ...common,
      url: `${base}/`,
      model: 'closed',
      // Long enough that a busy machine (npm test runs this beside other layers) still completes requests in it.
      durationMs: 1000,
      warmupMs: 100,
    });
    expect(result.requests).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    expect(result.statusCodes).toEqual({ '200': result.requests });
    expect(result.latency.corrected).toBeUndefined();
    expect(result.latency.uncorrected.count).toBe(result.requests);
    const histogram = decodeHistogram(result.histograms?.uncorrected as string);
    expect(histogram.totalCount).toBe(result.requests);
    histogram.destroy();
    expect(result.series.reduce((total, second) => total + second.requests, 0)).toBe(result.requests);
    expect(result.generatorHealth.lateStarts).toBe(0);
  });

  it('open model: requests ≈ rate × measured duration (warm-up excluded), corrected and uncorrected', async () => {
    const result = await runLoad({
      ...common,
      url: `${base}/`,
      model: 'open',
      rate: 500,
      durationMs: 600,
      warmupMs: 400,
    });
    // 300 are due in the window; the 200 of the warm-up must not be counted (the upper bound). The lower bound leaves
    // room for sends a busy machine could not make before the window closed (counted as missed starts).
    expect(result.requests + (result.generatorHealth.missedStarts ?? 0)).toBeGreaterThanOrEqual(240);
    expect(result.requests).toBeLessThanOrEqual(310);
    expect(result.errors).toBe(0);
    expect(result.targetRate).toBe(500);
    expect(result.latency.corrected?.count).toBe(result.requests);
    // Measured from the intended time, corrected latency can never be below the one from the actual send.
    expect(result.latency.corrected?.percentiles.p50).toBeGreaterThanOrEqual(
      result.latency.uncorrected.percentiles.p50,
    );
  });

  it('corrects coordinated omission: a 300 ms stall delays every request due during it', async () => {
    stall = { afterRequests: 200, forMs: 300, seen: 0, releaseAt: 0 };
    const progress: LoadProgress[] = [];
    const result = await runLoad(
      { ...common, url: `${base}/stall`, model: 'open', rate: 400, durationMs: 1500, connections: 2 },
      { onProgress: (report) => progress.push(report) },
    );
    stall = undefined;
    expect(result.errors).toBe(0);
    // ~120 of ~600 requests (20 %) were due during the stall: the corrected tail shows it...
    expect(result.latency.corrected?.percentiles.p99).toBeGreaterThanOrEqual(200);
    expect(result.latency.corrected?.percentiles.p90).toBeGreaterThanOrEqual(50);
    // ...while latency from the actual send only sees the 2 requests on the wire when it began (< 1 %). Compared at
    // p90, where the stall puts ~150 ms of corrected latency, so that a busy machine's pauses cannot blur it.
    expect(result.latency.uncorrected.percentiles.p90).toBeLessThan(
      (result.latency.corrected?.percentiles.p90 ?? 0) / 2,
    );
    expect(result.latency.uncorrected.max).toBeGreaterThanOrEqual(200);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)?.requests).toBeGreaterThan(0);
  });

  it('classifies a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runLoad({
      ...common,
      url: `http://127.0.0.1:${port}/`,
      model: 'open',
      rate: 50,
      durationMs: 1_000,
    });
    expect(result.requests).toBeGreaterThan(0);
    expect(result.errors).toBe(result.requests);
    expect(result.errorClasses).toEqual({ connect_refused: result.requests });
    expect(result.latency.uncorrected.count).toBe(0);
  });

  it('classifies a target that never answers as timeouts', async () => {
    const result = await runLoad({
      ...common,
      url: `${base}/hang`,
      model: 'open',
      rate: 20,
      durationMs: 1_000,
      timeoutMs: 200,
    });
    expect(result.requests).toBeGreaterThan(0);
    expect(result.errorClasses).toEqual({ timeout: result.requests });
  });

  it('aborts a response body past the cap as body_too_large', async () => {
    const result = await runLoad({
      ...common,
      url: `${base}/big`,
      model: 'closed',
      connections: 1,
      durationMs: 1_000,
      maxBodyBytes: 256 * 1024,
    });
    expect(result.requests).toBeGreaterThan(0);
    expect(result.errorClasses).toEqual({ body_too_large: result.requests });
    expect(result.statusCodes).toEqual({ '200': result.requests });
  });

  it('stops early on abort and marks the result partial', async () => {
    const result = await runLoad(
      { ...common, url: `${base}/`, model: 'open', rate: 200, durationMs: 10_000 },
      { signal: AbortSignal.timeout(300) },
    );
    expect(result.partial?.reason).toMatch(/stopped/);
    expect(result.durationMs).toBeLessThan(5_000);
    expect(result.requests).toBeGreaterThan(0);
  });
});

describe('runLoadAcross: one load spread over several endpoints', () => {
  it('open model: the rate split evenly, each endpoint its part, the whole merged exactly', async () => {
    const result = await runLoadAcross([`${base}/a`, `${base}/b`], {
      ...common,
      model: 'open',
      rate: 400,
      durationMs: 600,
      warmupMs: 200,
    });
    expect(result.url).toBe(`${base}/a ${base}/b`);
    expect(result.endpoints.map((e) => e.url)).toEqual([`${base}/a`, `${base}/b`]);
    expect(result.targetRate).toBe(400);
    const [a, b] = result.endpoints;
    // 120 due per endpoint in the window: each got about half (room for a busy machine's missed sends).
    for (const endpoint of [a, b]) {
      expect(endpoint?.requests).toBeGreaterThan(60);
      expect(endpoint?.requests).toBeLessThanOrEqual(130);
      expect(endpoint?.latency.corrected?.count).toBe(endpoint?.requests);
    }
    expect(result.requests).toBe((a?.requests ?? 0) + (b?.requests ?? 0));
    const corrected = decodeHistogram(result.histograms?.corrected as string);
    expect(corrected.totalCount).toBe(result.requests);
    corrected.destroy();
    expect(result.series.reduce((total, second) => total + second.requests, 0)).toBe(result.requests);
  });

  it('refuses fewer connections or in-flight requests than endpoints, and more endpoints than it spreads over', async () => {
    await expect(
      runLoadAcross([`${base}/a`, `${base}/b`], {
        model: 'closed',
        concurrency: 1,
        connections: 1,
        durationMs: 100,
      }),
    ).rejects.toThrow(/connections: 1 cannot be spread over 2 endpoints/);
    await expect(
      runLoadAcross(
        Array.from({ length: 17 }, (_, i) => `${base}/${i}`),
        { model: 'closed', connections: 32, durationMs: 100 },
      ),
    ).rejects.toThrow(/at most 16 endpoints/);
    // Every endpoint passes the target policy before anything is sent to any of them.
    let seen = 0;
    const counting = createServer((_req, res) => {
      seen++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
    try {
      const allowed = `http://127.0.0.1:${(counting.address() as AddressInfo).port}/`;
      await expect(
        runLoadAcross([allowed, 'http://10.0.0.1/'], { model: 'closed', connections: 2, durationMs: 300 }),
      ).rejects.toThrow(/loopback/);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(seen).toBe(0);
    } finally {
      await new Promise((resolve) => counting.close(resolve));
    }
  });
});

describe('runLoad over HTTP/2', () => {
  it('sends over h2c with prior knowledge', async () => {
    const h2 = createH2Server((_request, response) => response.end('ok'));
    let sessions = 0;
    h2.on('session', () => (sessions += 1));
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    try {
      const port = (h2.address() as AddressInfo).port;
      const result = await runLoad({
        ...common,
        url: `http://127.0.0.1:${port}/`,
        protocol: 'http2',
        model: 'closed',
        connections: 1,
        concurrency: 8,
        durationMs: 1000,
      });
      expect(result.protocol).toBe('http2');
      // Every one of the eight streams completed at least once, all multiplexed on one session; how many more
      // fit in the window depends on how busy the machine is, so it is not asserted.
      expect(result.requests).toBeGreaterThanOrEqual(8);
      expect(sessions).toBe(1);
      expect(result.errors).toBe(0);
      expect(result.statusCodes).toEqual({ '200': result.requests });
    } finally {
      await new Promise((resolve) => h2.close(resolve));
    }
  });
});
