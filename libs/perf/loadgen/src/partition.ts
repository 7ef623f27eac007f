import { performance } from 'node:perf_hooks';
import { H2CClient, Pool, type Dispatcher } from 'undici';
import { BodyTooLargeError, classifyError, GrpcProtocolError, RequestTimeoutError } from './error-class.js';
import { encodeHistogram, newHistogram, recordMs, type Histogram } from './histogram.js';
import { Http1Pool, type Http1Sink } from './http1-pool.js';
import type { ValidatedOptions } from './options.js';

/** One thread's share of a load test: its connections, its in-flight requests or its rate, and a common start. */
export interface PartitionPlan {
  options: ValidatedOptions;
  connections: number;
  /** Closed model: requests in flight in this partition. */
  concurrency: number;
  /** Open model: this partition's requests per second. */
  rate: number | undefined;
  /** Open model: delay of this partition's first intended send, so that partitions interleave. */
  phaseMs: number;
  /** Absolute start (ms since the epoch, sub-millisecond): the warm-up starts here in every partition. */
  startAt: number;
}

/** Progress of one partition: cumulative counts of the measured window. */
export interface PartitionProgress {
  requests: number;
  errors: number;
}

export interface SecondFigures {
  second: number;
  requests: number;
  errors: number;
  /** The second's latency (corrected in the open model), base64 interchange format; absent when none completed. */
  histogram?: string;
}

/** What a partition measured, plain data so that it crosses a worker thread boundary. */
export interface PartitionResult {
  requests: number;
  errors: number;
  statusCodes: Record<string, number>;
  errorClasses: Record<string, number>;
  histograms: { corrected?: string; uncorrected: string };
  seconds: SecondFigures[];
  /** Open model: how late sends were against their intended times. */
  lag: { sends: number; sumMs: number; maxMs: number; late: number; missed: number };
  /** Share of the measured window this thread's event loop was busy (0..1). */
  eventLoopUtilization: number;
  /** Absolute end of the measured window (earlier than planned when stopped). */
  windowEnd: number;
  stopped: boolean;
}

/** The most a response head (status line, headers, trailers) may take on the HTTP/1.1 client. */
const MAX_HEADER_BYTES = 64 * 1024;

/** Partitions report more often than runLoad's once-per-second progress, so that each report is current. */
const PROGRESS_INTERVAL_MS = 250;

export const now = (): number => performance.timeOrigin + performance.now();

interface InFlight {
  intended: number;
  sentAt: number;
  status: number;
  bytes: number;
  done: boolean;
  /** gRPC: the call's status name (OK, UNAVAILABLE, …), counted instead of the HTTP status. */
  grpcStatus?: string;
  /** Set once the request is written to a connection. */
  abort: ((error: Error) => void) | undefined;
  onDone: () => void;
}

/** Runs one partition in the calling thread. */
export async function runPartition(
  plan: PartitionPlan,
  control: { signal?: AbortSignal; onProgress?: (progress: PartitionProgress) => void } = {},
): Promise<PartitionResult> {
  const run = new PartitionRun(plan);
  return run.execute(control.signal, control.onProgress);
}

class PartitionRun {
  private readonly options: ValidatedOptions;
  private readonly measureStart: number;
  private plannedEnd: number;
  private readonly corrected: Histogram | undefined;
  private readonly uncorrected: Histogram;
  private readonly seconds = new Map<number, { requests: number; errors: number; histogram: Histogram }>();
  private readonly inFlight = new Set<InFlight>();
  private readonly statusCodes: Record<string, number> = {};
  private readonly errorClasses: Record<string, number> = {};
  private readonly lag = { sends: 0, sumMs: 0, maxMs: 0, late: 0, missed: 0 };
  private requests = 0;
  private errors = 0;
  private stopped = false;
  /** HTTP/2 and gRPC go through undici; HTTP/1.1 through the load generator's own client (http1Pool). */
  private dispatcher: Dispatcher | undefined;
  private http1Pool: Http1Pool<InFlight> | undefined;
  private readonly dispatchOptions: Dispatcher.DispatchOptions;
  private readonly http1Sink: Http1Sink<InFlight> = {
    started: (request) => {
      request.sentAt = now();
    },
    completed: (request, status, error) => {
      request.status = status;
      this.complete(request, error);
    },
  };

  constructor(private readonly plan: PartitionPlan) {
    this.options = plan.options;
    this.measureStart = plan.startAt + this.options.warmupMs;
    this.plannedEnd = this.measureStart + this.options.durationMs;
    this.corrected = this.options.model === 'open' ? newHistogram() : undefined;
    this.uncorrected = newHistogram();
    this.dispatchOptions = {
      origin: this.options.origin,
      path: this.options.path,
      method: this.options.method,
      headers: this.options.headers,
      body: this.options.body ?? null,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
    };
  }

  async execute(
    signal?: AbortSignal,
    onProgress?: (progress: PartitionProgress) => void,
  ): Promise<PartitionResult> {
    const onAbort = () => this.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) this.stop();
    const sweeper = setInterval(
      () => this.sweepTimeouts(),
      Math.min(100, Math.max(5, this.options.timeoutMs / 4)),
    );
    const progress = onProgress
      ? setInterval(() => onProgress({ requests: this.requests, errors: this.errors }), PROGRESS_INTERVAL_MS)
      : undefined;
    if (this.options.protocol === 'http1') this.http1Pool = this.createHttp1Pool();
    else this.dispatcher = createDispatcher(this.options, this.plan.connections);
    try {
      await sleepUntil(this.plan.startAt);
      const eluStart = performance.eventLoopUtilization();
      const issued = this.options.model === 'open' ? this.runOpen() : this.runClosed();
      await issued;
      const windowEnd = Math.min(now(), this.plannedEnd);
      const elu = performance.eventLoopUtilization(eluStart).utilization;
      await this.drain();
      return this.result(windowEnd, elu);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      clearInterval(sweeper);
      if (progress) clearInterval(progress);
      this.http1Pool?.destroy();
      await this.dispatcher?.destroy().catch(() => undefined);
      this.corrected?.destroy();
      this.uncorrected.destroy();
      for (const second of this.seconds.values()) second.histogram.destroy();
    }
  }

  private createHttp1Pool(): Http1Pool<InFlight> {
    const options = this.options;
    return new Http1Pool(
      {
        origin: options.origin,
        connections: this.plan.connections,
        connectTimeoutMs: options.timeoutMs,
        rejectUnauthorized: options.rejectUnauthorized,
        limits: { maxHeaderBytes: MAX_HEADER_BYTES, maxBodyBytes: options.maxBodyBytes },
      },
      { method: options.method, path: options.path, headers: options.headers, body: options.body },
      this.http1Sink,
    );
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.plannedEnd = Math.min(this.plannedEnd, Math.max(now(), this.measureStart));
  }

  /** Closed model: each of `concurrency` loops sends its next request when the previous one ends. */
  private runClosed(): Promise<void> {
    return new Promise((resolve) => {
      let loops = this.plan.concurrency;
      const next = () => {
        const t = now();
        if (this.stopped || t >= this.plannedEnd) {
          if (--loops === 0) resolve();
          return;
        }
        this.send(t, next);
      };
      for (let i = 0; i < this.plan.concurrency; i++) next();
    });
  }

  /**
   * Open model: request k is due at startAt + phase + k / rate whatever happened to the earlier ones. A tick sends
   * every request that is due; one sent late keeps its intended time (the corrected latency counts the lateness) and
   * the lateness is recorded as generator lag. Sending stops at the end of the window: requests still due then were
   * never sent (`missed`), so a generator that cannot keep up shows a lower achieved rate, never a slower target.
   */
  private runOpen(): Promise<void> {
    const interval = 1000 / (this.plan.rate as number);
    const first = this.plan.startAt + this.plan.phaseMs;
    let k = 0;
    return new Promise((resolve) => {
      const tick = () => {
        const t = now();
        const end = this.plannedEnd;
        for (;;) {
          const intended = first + k * interval;
          if (intended >= end) return resolve();
          // A request due just before the end is still sent (late within the threshold) when the last tick comes after it.
          if (t >= end + this.options.lateThresholdMs || this.stopped) {
            if (!this.stopped && intended >= this.measureStart)
              this.lag.missed += Math.ceil((end - intended) / interval);
            return resolve();
          }
          if (intended > t) break;
          k++;
          if (intended >= this.measureStart) this.recordLag(t - intended);
          this.send(intended, noop);
        }
        setTimeout(tick, Math.max(0, Math.min(first + k * interval - t, 1)));
      };
      tick();
    });
  }

  private recordLag(lagMs: number): void {
    this.lag.sends++;
    this.lag.sumMs += lagMs;
    if (lagMs > this.lag.maxMs) this.lag.maxMs = lagMs;
    if (lagMs > this.options.lateThresholdMs) this.lag.late++;
  }

  private send(intended: number, onDone: () => void): void {
    const request: InFlight = {
      intended,
      sentAt: Number.NaN,
      status: 0,
      bytes: 0,
      done: false,
      abort: undefined,
      onDone,
    };
    this.inFlight.add(request);
    if (this.http1Pool !== undefined) {
      this.http1Pool.request(request);
      return;
    }
    const handler = this.options.protocol === 'grpc' ? this.grpcHandler(request) : this.httpHandler(request);
    try {
      (this.dispatcher as Dispatcher).dispatch(this.dispatchOptions, handler);
    } catch (error) {
      // Asynchronously: a closed loop would otherwise recurse through synchronous failures.
      setImmediate(() => this.complete(request, error));
    }
  }

  private httpHandler(request: InFlight): Dispatcher.DispatchHandler {
    const maxBodyBytes = this.options.maxBodyBytes;
    return {
      onRequestStart: (controller) => {
        request.abort = (error) => controller.abort(error);
        request.sentAt = now();
      },
      onResponseStart: (_controller, statusCode) => {
        request.status = statusCode;
      },
      onResponseData: (controller, chunk) => {
        request.bytes += chunk.length;
        if (request.bytes > maxBodyBytes) controller.abort(new BodyTooLargeError(maxBodyBytes));
      },
      onResponseEnd: () => this.complete(request, undefined),
      onResponseError: (_controller, error) => this.complete(request, error),
    };
  }

  /**
   * A unary gRPC call: the outcome is the `grpc-status` of the trailers (or of the headers, in a trailers-only
   * answer), counted by its name in statusCodes like an HTTP status; an HTTP status other than 200 is counted as
   * such. A response that ends without any grpc-status is a protocol error. undici's handler API of version 7 drops
   * HTTP/2 trailers (onResponseEnd receives `{}`), so this handler uses its callback form, which receives them.
   */
  private grpcHandler(request: InFlight): Dispatcher.DispatchHandler {
    const maxBodyBytes = this.options.maxBodyBytes;
    let headerStatus: string | undefined;
    let aborter: ((error: Error) => void) | undefined;
    const handler = {
      onConnect: (abort: (error?: Error) => void) => {
        aborter = abort;
        request.abort = (error) => abort(error);
        request.sentAt = now();
      },
      onHeaders: (statusCode: number, rawHeaders: Buffer[]) => {
        request.status = statusCode;
        headerStatus = grpcStatusOf(rawHeaders);
        return true;
      },
      onData: (chunk: Buffer) => {
        request.bytes += chunk.length;
        if (request.bytes > maxBodyBytes) aborter?.(new BodyTooLargeError(maxBodyBytes));
        return true;
      },
      onComplete: (trailers: Record<string, string | string[] | undefined> | null) => {
        const value = trailers?.['grpc-status'];
        const status = (Array.isArray(value) ? value[0] : value) ?? headerStatus;
        if (request.status === 200 && status === undefined) {
          this.complete(request, new GrpcProtocolError('the response carried no grpc-status'));
          return;
        }
        // An HTTP status other than 200 stays the request's status; a gRPC status replaces a 200.
        if (request.status === 200 && status !== undefined) request.grpcStatus = grpcStatusName(status);
        this.complete(request, undefined);
      },
      onError: (error: Error) => this.complete(request, error),
    };
    return handler as unknown as Dispatcher.DispatchHandler;
  }

  private complete(request: InFlight, error: unknown): void {
    if (request.done) return;
    request.done = true;
    this.inFlight.delete(request);
    const end = now();
    if (request.intended >= this.measureStart && request.intended < this.plannedEnd)
      this.record(request, end, error);
    request.onDone();
  }

  private record(request: InFlight, end: number, error: unknown): void {
    this.requests++;
    const second = this.secondOf(request.intended);
    second.requests++;
    const status = request.grpcStatus ?? (request.status !== 0 ? String(request.status) : undefined);
    if (status !== undefined) this.statusCodes[status] = (this.statusCodes[status] ?? 0) + 1;
    if (error !== undefined) {
      this.errors++;
      second.errors++;
      const errorClass = classifyError(error);
      this.errorClasses[errorClass] = (this.errorClasses[errorClass] ?? 0) + 1;
      return;
    }
    const sentAt = Number.isNaN(request.sentAt) ? request.intended : request.sentAt;
    const uncorrectedMs = end - sentAt;
    recordMs(this.uncorrected, uncorrectedMs);
    if (this.corrected) {
      const correctedMs = end - request.intended;
      recordMs(this.corrected, correctedMs);
      recordMs(second.histogram, correctedMs);
    } else {
      recordMs(second.histogram, uncorrectedMs);
    }
  }

  private secondOf(intended: number): { requests: number; errors: number; histogram: Histogram } {
    const index = Math.floor((intended - this.measureStart) / 1000);
    let second = this.seconds.get(index);
    if (!second) {
      second = { requests: 0, errors: 0, histogram: newHistogram() };
      this.seconds.set(index, second);
    }
    return second;
  }

  /** Aborts requests written to a connection longer than the timeout ago (undici's own timeouts are per phase). */
  private sweepTimeouts(): void {
    const limit = now() - this.options.timeoutMs;
    for (const request of this.inFlight) {
      if (!(request.sentAt < limit)) continue; // NaN (not written yet) or recent
      if (this.http1Pool !== undefined)
        this.http1Pool.abort(request, new RequestTimeoutError(this.options.timeoutMs));
      else request.abort?.(new RequestTimeoutError(this.options.timeoutMs));
    }
  }

  /** Waits for requests in flight; those still unanswered a timeout after the window count as timeouts. */
  private async drain(): Promise<void> {
    const deadline = now() + this.options.timeoutMs;
    while (this.inFlight.size > 0 && now() < deadline) await sleep(Math.min(20, this.options.timeoutMs));
    for (const request of [...this.inFlight])
      this.complete(request, new RequestTimeoutError(this.options.timeoutMs));
  }

  private result(windowEnd: number, eventLoopUtilization: number): PartitionResult {
    const seconds: SecondFigures[] = [];
    for (const [second, figures] of [...this.seconds.entries()].sort((a, b) => a[0] - b[0]))
      seconds.push({
        second,
        requests: figures.requests,
        errors: figures.errors,
        ...(figures.histogram.totalCount > 0 ? { histogram: encodeHistogram(figures.histogram) } : {}),
      });
    return {
      requests: this.requests,
      errors: this.errors,
      statusCodes: this.statusCodes,
      errorClasses: this.errorClasses,
      histograms: {
        ...(this.corrected ? { corrected: encodeHistogram(this.corrected) } : {}),
        uncorrected: encodeHistogram(this.uncorrected),
      },
      seconds,
      lag: { ...this.lag },
      eventLoopUtilization,
      windowEnd: Math.max(windowEnd, this.measureStart),
      stopped: this.stopped,
    };
  }
}

function createDispatcher(options: ValidatedOptions, connections: number): Dispatcher {
  const common = {
    connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: { rejectUnauthorized: options.rejectUnauthorized },
  };
  if (options.protocol === 'http1') return new Pool(options.origin, { ...common, pipelining: 1 });
  // HTTP/2 multiplexes: the requests in flight share `connections` connections.
  const streams = Math.max(1, Math.ceil(options.concurrency / connections));
  if (options.origin.startsWith('https:'))
    return new Pool(options.origin, { ...common, allowH2: true, pipelining: streams });
  // h2c with prior knowledge: the pool's own connector speaks HTTP/1.1 first, so each client brings its own.
  return new Pool(options.origin, {
    connections,
    factory: (origin) =>
      new H2CClient(origin, {
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        pipelining: streams,
        maxConcurrentStreams: Math.max(streams, 100),
      }),
  });
}

/** gRPC's status codes by number, as the protocol names them. */
const GRPC_STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

export function grpcStatusName(status: string): string {
  const code = /^\d{1,2}$/.test(status) ? Number(status) : Number.NaN;
  return GRPC_STATUS_NAMES[code] ?? `GRPC_${status.replace(/[^0-9A-Za-z_]/g, '_').slice(0, 16)}`;
}

function grpcStatusOf(rawHeaders: Buffer[]): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (String(rawHeaders[i]).toLowerCase() === 'grpc-status') return String(rawHeaders[i + 1]);
  return undefined;
}

/** The open model sends on its schedule, not on completions: nothing to do when a request ends. */
function noop(): void {
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - now();
  if (wait > 0) await sleep(wait);
}
