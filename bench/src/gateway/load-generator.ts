import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

export interface LatencySummary {
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface ThroughputSummary {
  requests: number;
  errors: number;
  requestsPerSecond: number;
}

export interface Target {
  url: string;
  body: string;
}

/** A keep-alive pool that posts one fixed GraphQL body; bench traffic only ever goes to 127.0.0.1. */
export class LoadClient {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(
    private readonly target: Target,
    connections: number,
  ) {
    const url = new URL(target.url);
    if (url.hostname !== '127.0.0.1')
      throw new Error(`bench targets must be on 127.0.0.1, got ${url.hostname}`);
    this.pool = new Pool(url.origin, { connections, keepAliveTimeout: 30_000, pipelining: 1 });
    this.path = url.pathname;
  }

  /** The first failed request's status and the start of its body (or the error thrown), to say why in a report. */
  firstFailure?: string;

  /** Resolves true on a 200 GraphQL response without errors. */
  async send(): Promise<boolean> {
    try {
      const { status, text } = await this.answer();
      const ok = status === 200 && !text.includes('"errors"');
      if (!ok) this.firstFailure ??= `HTTP ${status}: ${text.slice(0, 200)}`;
      return ok;
    } catch (error) {
      this.firstFailure ??= (error as Error).message;
      throw error;
    }
  }

  /** One request's status and body. */
  async answer(): Promise<{ status: number; text: string }> {
    const response = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: this.target.body,
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

let wasmReady: Promise<void> | undefined;

/** Latencies and errors of open-loop runs; several runs can add to one recorder. */
export class LatencyRecorder {
  private requests = 0;
  private errors = 0;

  private constructor(private readonly histogram: hdr.Histogram) {}

  static async create(): Promise<LatencyRecorder> {
    wasmReady ??= hdr.initWebAssembly();
    await wasmReady;
    return new LatencyRecorder(
      hdr.build({
        useWebAssembly: true,
        lowestDiscernibleValue: 1,
        highestTrackableValue: 60_000_000,
        numberOfSignificantValueDigits: 3,
      }),
    );
  }

  record(startedAt: number, ok: boolean, finishedAt = performance.now()): void {
    this.requests += 1;
    if (!ok) this.errors += 1;
    this.histogram.recordValue(Math.max(1, Math.round((finishedAt - startedAt) * 1000)));
  }

  summary(): LatencySummary {
    return {
      requests: this.requests,
      errors: this.errors,
      p50Ms: this.histogram.getValueAtPercentile(50) / 1000,
      p99Ms: this.histogram.getValueAtPercentile(99) / 1000,
      p999Ms: this.histogram.getValueAtPercentile(99.9) / 1000,
      maxMs: this.histogram.maxValue / 1000,
    };
  }

  destroy(): void {
    this.histogram.destroy();
  }
}

/**
 * Open loop: requests start on a fixed schedule whatever the latency, and latency is measured from the
 * scheduled start, so a stalled server shows up in the percentiles (no coordinated omission).
 * Every recorder given receives every sample (e.g. the whole run's and this slice's).
 */
export async function openLoop(
  client: LoadClient,
  rate: number,
  seconds: number,
  ...recorders: LatencyRecorder[]
): Promise<void> {
  const record = (scheduled: number, ok: boolean) => {
    const finished = performance.now();
    for (const recorder of recorders) recorder.record(scheduled, ok, finished);
  };
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const start = performance.now();
  let issued = 0;
  const inFlight = new Set<Promise<void>>();
  while (issued < total) {
    const now = performance.now();
    while (issued < total && start + issued * intervalMs <= now) {
      const scheduled = start + issued * intervalMs;
      issued += 1;
      const request = client.send().then(
        (ok) => record(scheduled, ok),
        () => record(scheduled, false),
      );
      const tracked = request.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await sleep(Math.max(0, start + issued * intervalMs - performance.now()));
  }
  await Promise.all(inFlight);
}

/** Closed loop: `concurrency` workers each send the next request as soon as the previous one returns. */
export async function closedLoop(
  client: LoadClient,
  concurrency: number,
  seconds: number,
): Promise<ThroughputSummary> {
  const deadline = performance.now() + seconds * 1000;
  let requests = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const ok = await client.send().catch(() => false);
      requests += 1;
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { requests, errors, requestsPerSecond: requests / elapsed };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
