import type { LoadOptions, LoadProgress, LoadResult } from '@meshplane/perf-loadgen';
import type { ClusterEnvironment } from '@meshplane/contracts';
import type { LoadModel } from '@meshplane/perf-profiles';
import type { DetectedGenerator, EnvironmentMetadata, PerfRunOptions } from '@meshplane/perf-smp';

export const RUN_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINAL_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];

const NEXT: Record<RunStatus, readonly RunStatus[]> = {
  PENDING: ['RUNNING', 'CANCELLED', 'FAILED'],
  RUNNING: ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'],
  SUCCEEDED: [],
  PARTIAL: [],
  FAILED: [],
  CANCELLED: [],
};

/** A run moves forward only: pending → running → one final state (or straight to cancelled/failed). */
export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return NEXT[from].includes(to);
}

export function isFinal(status: RunStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** What a run copies from its profile when it starts: later edits of the profile do not change the run. */
export interface ProfileSnapshot {
  id: string;
  name: string;
  version: number;
  endpoints: string[];
  durationMs: number;
  model: LoadModel;
  generator: string;
  protocol: 'http1' | 'http2' | 'grpc';
  method: string;
  headers: Record<string, string>;
  body: string | null;
  workers: number;
  labels: Record<string, string>;
}

/** Why a profile cannot run here, in words for the caller (null: it can); `found`: the external generators found. */
export function unrunnableReason(
  profile: ProfileSnapshot,
  found: readonly DetectedGenerator[] = [],
): string | null {
  if (profile.generator !== 'meshplane') {
    const installed = found.filter((g) => g.found);
    const names = installed.map((g) => `${g.name}${g.version ? ` ${g.version}` : ''}`).join(', ') || 'none';
    if (!installed.some((g) => g.name === profile.generator))
      return `generator ${profile.generator} is not installed where the perf service runs (external generators found: ${names}); install it on the perf hosts (PERF_GENERATOR_PATH) or use generator MESHPLANE`;
    if (profile.workers > 1)
      return `generator ${profile.generator} runs on one perf worker: set workers to 1, or use generator MESHPLANE to split the load`;
  }
  const n = profile.endpoints.length;
  if (n > 1) {
    // Several endpoints: the load is spread over them in one window by Meshplane's generator on one replica.
    if (profile.generator !== 'meshplane')
      return `${n} endpoints: generator ${profile.generator} measures one endpoint; use generator MESHPLANE to spread the load over several, or make one profile per endpoint`;
    if (profile.workers > 1)
      return `${n} endpoints and ${profile.workers} workers: a load spread over several endpoints runs on one perf worker; set workers to 1`;
    const share = profile.model.kind === 'open' ? profile.model.connections : profile.model.concurrency;
    const what = profile.model.kind === 'open' ? 'connections' : 'concurrency';
    if (share < n) return `${n} endpoints need ${what} of at least ${n} (one each), got ${share}`;
  }
  return null;
}

/** The load generator's options for the profile's one endpoint (the target policy is the service's, added later). */
export function loadOptionsOf(profile: ProfileSnapshot, threads: number): LoadOptions & { body?: string } {
  const [url = ''] = profile.endpoints;
  const common = {
    url,
    protocol: profile.protocol,
    method: profile.method,
    headers: profile.headers,
    ...(profile.body === null ? {} : { body: profile.body }),
    durationMs: profile.durationMs,
  };
  return profile.model.kind === 'open'
    ? {
        ...common,
        model: 'open',
        rate: profile.model.rate,
        connections: profile.model.connections,
        threads: Math.max(1, Math.min(threads, profile.model.connections)),
      }
    : {
        ...common,
        model: 'closed',
        connections: profile.model.concurrency,
        concurrency: profile.model.concurrency,
        threads: Math.max(1, Math.min(threads, profile.model.concurrency)),
      };
}

/** The progress a run shows while it runs (stored on the run about once a second). */
export interface RunProgress {
  phase: LoadProgress['phase'];
  elapsedMs: number;
  /** The whole run's planned length, warm-up included (for a progress bar). */
  plannedMs: number;
  requests: number;
  errors: number;
  /** Requests per second over the measured window so far. */
  currentRate: number;
}

export function progressOf(progress: LoadProgress, durationMs: number): RunProgress {
  const measuredMs = progress.phase === 'warmup' ? 0 : Math.max(1, Math.min(progress.elapsedMs, durationMs));
  return {
    phase: progress.phase,
    elapsedMs: Math.round(progress.elapsedMs),
    plannedMs: durationMs,
    requests: progress.requests,
    errors: progress.errors,
    currentRate: measuredMs === 0 ? 0 : Math.round((progress.requests * 1000) / measuredMs),
  };
}

/**
 * The progress a finished run keeps: the generator's totals over the measured window. `plannedMs` stays the window the
 * profile asked for (a measured window is a fraction of a millisecond off it, and GraphQL's Int takes no fractions).
 */
export function finalProgressOf(
  progress: RunProgress | null,
  result: LoadResult,
  plannedMs: number,
): RunProgress {
  return {
    phase: 'drain',
    elapsedMs: Math.round(progress?.elapsedMs ?? result.durationMs + result.warmupMs),
    plannedMs,
    requests: result.requests,
    errors: result.errors,
    currentRate: Math.round(result.achievedRate),
  };
}

/** The final state of a run the generator finished: partial when part of the load is missing or it was cut short. */
export function finalStatusOf(
  result: LoadResult,
  cancelled: boolean,
): { status: RunStatus; message: string } {
  if (cancelled) return { status: 'CANCELLED', message: 'cancelled; the result covers what was measured' };
  if (result.partial) return { status: 'PARTIAL', message: result.partial.reason };
  if (result.requests === 0)
    return { status: 'FAILED', message: 'no request completed in the measured window' };
  const saturated = result.generatorHealth.saturated
    ? ' (the generator was saturated: see generatorHealth)'
    : '';
  return {
    status: 'SUCCEEDED',
    message: `${result.requests} requests, ${result.errors} errors, ${result.achievedRate.toFixed(1)} req/s${saturated}`,
  };
}

/** A run claimed again after its replica's lease expired: a load test is not idempotent, so it is never re-run. */
export const RESTARTED_MID_RUN =
  'the perf service replica running it stopped mid-run (lease expired); not re-run';

/**
 * A run's environment for its SMP result: the cluster discovery described when the run was requested, and its
 * mesh (several found: their names and versions joined with `+`, in mesh id order; none: `none`, a baseline). A run
 * that named no cluster is measured in an environment Meshplane does not know: `unknown`.
 */
export function environmentMetadataOf(environment: ClusterEnvironment | null): EnvironmentMetadata {
  if (environment === null) return { clusterName: 'unknown', kubernetesVersion: 'unknown', nodeCount: 0 };
  const meshes = [...environment.meshes].sort((a, b) => a.meshId.localeCompare(b.meshId));
  const versions = meshes.map((mesh) => mesh.version ?? 'unknown');
  return {
    clusterName: environment.name,
    kubernetesVersion: environment.kubernetesVersion,
    nodeCount: environment.nodeCount,
    ...(meshes.length > 0 && {
      mesh: meshes.map((mesh) => mesh.meshId).join('+'),
      meshVersion: versions.join('+'),
    }),
  };
}

/** The options an external generator (wrk, wrk2, fortio, Nighthawk) runs the profile with. */
export function perfRunOptionsOf(profile: ProfileSnapshot): PerfRunOptions {
  return {
    name: profile.name,
    endpoints: [...profile.endpoints],
    durationMs: profile.durationMs,
    ...(profile.model.kind === 'open'
      ? { rate: profile.model.rate, connections: profile.model.connections }
      : { connections: profile.model.concurrency }),
    generator: profile.generator as PerfRunOptions['generator'],
    protocol: profile.protocol,
    method: profile.method,
    headers: { ...profile.headers },
    ...(profile.body === null ? {} : { body: profile.body }),
    workers: 1,
    labels: { ...profile.labels },
  };
}
