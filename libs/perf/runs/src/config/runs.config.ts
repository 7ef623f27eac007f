import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { envBoolean, envCidrList, envInt } from '@meshplane/config';
import { allowTargets, LOOPBACK_ONLY, type TargetPolicy } from '@meshplane/perf-loadgen';

/** The runs' variables, validated by the service at start (see runs.feature.ts). */
export const RUNS_CONFIG_SHAPE = {
  /** How long a replica holds a run without renewing (renewed about every second while it runs). */
  PERF_RUN_LEASE_MS: envInt(15_000, 500, 600_000),
  /** Between two looks for pending runs (a run requested on this replica starts at once). */
  PERF_RUN_POLL_MS: envInt(1_000, 10, 60_000),
  /** Runs one replica executes at once (each uses up to PERF_RUN_THREADS worker threads). */
  PERF_RUN_CONCURRENCY: envInt(1, 1, 64),
  /** Worker threads one run's generator may use (default: the machine's cores). */
  PERF_RUN_THREADS: envInt(availableParallelism(), 1, 256),
  /** Between two sweeps for results not announced on PERF_RESULTS yet (each is announced as soon as it is stored). */
  PERF_RESULT_ANNOUNCE_SWEEP_MS: envInt(30_000, 100, 3_600_000),
  /** Runs one organization may have pending or running at once (more are refused with LIMIT_REACHED). */
  PERF_MAX_ACTIVE_RUNS_PER_ORG: envInt(10, 1, 1_000),
  /** This replica also runs shards of distributed runs (profiles with workers > 1) from the PERF_SHARDS queue. */
  PERF_WORKER_ENABLED: envBoolean(true),
  /**
   * Load targets beyond loopback (IP literals in these CIDRs; none by default). Load is an attack when aimed at
   * someone else: the operator opens exactly the ranges where the services under test run.
   */
  PERF_TARGET_ALLOW_CIDRS: envCidrList(),
  /**
   * Where the external generators (wrk, wrk2, fortio, Nighthawk) are looked for: absolute directories, `:`-separated.
   * None is installed by Meshplane; a profile naming one that is not found is refused (NOT_RUNNABLE, naming what is).
   */
  PERF_GENERATOR_PATH: z.string().max(4_000).default('/usr/local/bin:/usr/bin:/bin'),
  /** Host names allowed as load targets (exact, comma-separated; not resolved to check them: list only yours). */
  PERF_TARGET_ALLOW_HOSTS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((host) => host.trim())
        .filter((host) => host !== ''),
    ),
};

export type RunsValues = z.output<z.ZodObject<typeof RUNS_CONFIG_SHAPE>>;

export interface RunsConfig {
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly concurrency: number;
  readonly threads: number;
  readonly workerEnabled: boolean;
  readonly maxActiveRunsPerOrg: number;
  readonly targetPolicy: TargetPolicy;
  readonly generatorPath: string;
  readonly announceSweepMs: number;
}

export function runsConfigOf(values: RunsValues): RunsConfig {
  const open = values.PERF_TARGET_ALLOW_CIDRS.length > 0 || values.PERF_TARGET_ALLOW_HOSTS.length > 0;
  return {
    leaseMs: values.PERF_RUN_LEASE_MS,
    pollMs: values.PERF_RUN_POLL_MS,
    concurrency: values.PERF_RUN_CONCURRENCY,
    threads: values.PERF_RUN_THREADS,
    workerEnabled: values.PERF_WORKER_ENABLED,
    maxActiveRunsPerOrg: values.PERF_MAX_ACTIVE_RUNS_PER_ORG,
    generatorPath: values.PERF_GENERATOR_PATH,
    announceSweepMs: values.PERF_RESULT_ANNOUNCE_SWEEP_MS,
    targetPolicy: open
      ? allowTargets({ cidrs: values.PERF_TARGET_ALLOW_CIDRS, hosts: values.PERF_TARGET_ALLOW_HOSTS })
      : LOOPBACK_ONLY,
  };
}

export const RUNS_CONFIG = Symbol('RUNS_CONFIG');
