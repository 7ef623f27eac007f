import type { GeneratorName, LoadProtocol } from '@meshplane/perf-loadgen';

/**
 * What a performance profile asks for, independent of the generator that runs it. An SMP `PerformanceTestConfig`
 * imports to this and exports from it; each generator adapter builds its command line from it.
 */
export interface PerfRunOptions {
  name?: string;
  /** Absolute http(s) URLs; a generator adapter accepts loopback targets only. */
  endpoints: string[];
  durationMs: number;
  /** Open model when set (requests per second in total); closed model (as fast as the connections go) when absent. */
  rate?: number;
  connections: number;
  generator: GeneratorName;
  protocol: LoadProtocol;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Perf workers the load is split across (distributed runs). */
  workers: number;
  labels: Record<string, string>;
}
