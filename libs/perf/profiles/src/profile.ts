import type { GeneratorName, LoadProtocol } from '@meshplane/perf-loadgen';

/** Closed model: a fixed number of connections sending as fast as answers come back. */
export interface ClosedLoadModel {
  kind: 'closed';
  concurrency: number;
}

/** Open model: a fixed arrival rate (requests per second, in total) over a number of connections. */
export interface OpenLoadModel {
  kind: 'open';
  rate: number;
  connections: number;
}

export type LoadModel = ClosedLoadModel | OpenLoadModel;

/** What a client sends to create or replace a performance profile (before validation). */
export interface PerformanceProfileInput {
  name: string;
  endpoints: string[];
  durationMs: number;
  model: LoadModel;
  generator: GeneratorName;
  protocol: LoadProtocol;
  method: string;
  headers: Record<string, string>;
  body?: string;
  workers: number;
  labels: Record<string, string>;
}

export const PROFILE_GENERATORS: readonly GeneratorName[] = [
  'meshplane',
  'wrk',
  'wrk2',
  'fortio',
  'nighthawk',
];
export const PROFILE_PROTOCOLS: readonly LoadProtocol[] = ['http1', 'http2', 'grpc'];

/** Bounds every profile is held to; an SMP import is checked against the same bounds. */
export const PROFILE_LIMITS = {
  nameLength: 100,
  endpoints: 16,
  urlLength: 2048,
  maxDurationMs: 24 * 3_600_000,
  maxConcurrency: 10_000,
  maxRate: 1_000_000,
  maxWorkers: 64,
  methodLength: 16,
  headers: 64,
  headerNameLength: 256,
  /** Sum of names and values. */
  headersBytes: 16 * 1024,
  bodyBytes: 64 * 1024,
  labels: 32,
  labelKeyLength: 63,
  labelValueLength: 256,
} as const;
