/**
 * The one result format every load generator is normalized to: Meshplane's own engine, and wrk, wrk2, fortio and
 * Nighthawk when they run behind the same interface. Results in the Service Mesh Performance format, fortio JSON,
 * charts and comparisons are all derived from this, never from a generator's own output.
 *
 * Units: latencies in milliseconds (floating point); histograms record microseconds (integers).
 */

export type GeneratorName = 'meshplane' | 'wrk' | 'wrk2' | 'fortio' | 'nighthawk';

/** Closed: N connections as fast as they go. Open: a constant request rate, latency from each intended send time. */
export type LoadModel = 'closed' | 'open';

export type LoadProtocol = 'http1' | 'http2' | 'grpc';

export interface LatencyPercentiles {
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  p99_9: number;
  p99_99: number;
}

/** Distribution of one latency measure, in milliseconds. A generator that does not report a figure omits it. */
export interface LatencyStats {
  count: number;
  min: number;
  mean: number;
  max: number;
  stddev: number;
  percentiles: LatencyPercentiles;
}

/** One second of the measured window (second 0 starts when warm-up ends). */
export interface SecondSample {
  second: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Whether the generator kept up: a saturated generator must never be read as a slow target. */
export interface GeneratorHealth {
  /** True when the generator could not send at the intended times (open model) or was CPU-bound. */
  saturated: boolean;
  /** Requests sent later than their intended time by more than the lateness threshold. */
  lateStarts: number;
  /** How late sends were against their intended times (open model), in milliseconds. */
  meanLagMs: number;
  maxLagMs: number;
  /** Open model: requests due in the window that were never sent because the window ended first. */
  missedStarts?: number;
  /** Busiest generator thread's event-loop utilization over the window (0..1). */
  eventLoopUtilization?: number;
  /** Human-readable explanation when saturated (what to change: more workers, lower rate). */
  note?: string;
}

/** What one endpoint of a run over several received and answered (see runLoadAcross). */
export interface EndpointResult {
  url: string;
  requests: number;
  errors: number;
  achievedRate: number;
  latency: LoadResult['latency'];
  statusCodes: Record<string, number>;
  errorClasses: Record<string, number>;
}

export interface LoadResult {
  generator: GeneratorName;
  generatorVersion?: string;
  model: LoadModel;
  protocol: LoadProtocol;
  url: string;
  method: string;
  /** Open model: requests per second asked for. */
  targetRate?: number;
  connections: number;
  /** ISO-8601 start of the measured window. */
  startedAt: string;
  /** Length of the measured window, warm-up excluded. */
  durationMs: number;
  warmupMs: number;
  /** Requests completed in the measured window (successes and errors). */
  requests: number;
  errors: number;
  /** requests / (durationMs / 1000). */
  achievedRate: number;
  latency: {
    /** From each request's intended send time (open model only; coordinated omission corrected). */
    corrected?: LatencyStats;
    /** From the moment each request was actually sent. */
    uncorrected: LatencyStats;
  };
  /**
   * Lossless HDR histograms (microseconds) in the HdrHistogram base64 compressed interchange format, so that results
   * of several workers merge exactly. Absent when a generator does not expose one.
   */
  histograms?: { corrected?: string; uncorrected: string };
  /** HTTP status (or gRPC status name) → count. */
  statusCodes: Record<string, number>;
  /** Error class → count: timeout, connect_refused, connect_reset, tls, dns, protocol, body_too_large, other. */
  errorClasses: Record<string, number>;
  series: SecondSample[];
  generatorHealth: GeneratorHealth;
  /** Set when part of the load is missing (a worker died mid-run): the figures cover what was measured. */
  partial?: { reason: string; workersLost?: number };
  /** A run spread over several endpoints: each one's part (`url` then lists them all, space-separated). */
  endpoints?: EndpointResult[];
}
