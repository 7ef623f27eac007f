import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { runLoad, runLoadAcross, type LoadResult } from '@meshplane/perf-loadgen';
import { runDistributed } from '@meshplane/perf-distributed';
import { MessagingClient } from '@meshplane/messaging';
import { buildSmpResult } from '@meshplane/perf-smp';
import { ClaimLoop, Clock, SERVICE_IDENTITY, type ServiceIdentity } from '@meshplane/runtime';
import { RUNS_CONFIG, type RunsConfig } from '../config/runs.config.js';
import { PerformanceResultEntity } from '../entities/performance-result.entity.js';
import type { PerformanceRunEntity } from '../entities/performance-run.entity.js';
import { RunsRepository, type ClaimedRun } from '../persistence/runs.repository.js';
import { ExternalGenerators } from './external-generators.js';
import { ResultAnnouncer } from './result-announcer.js';
import {
  environmentMetadataOf,
  finalProgressOf,
  finalStatusOf,
  loadOptionsOf,
  perfRunOptionsOf,
  progressOf,
  RESTARTED_MID_RUN,
  unrunnableReason,
  type RunProgress,
} from '../run-state.js';

/** Progress is stored (and the lease renewed) about this often while a run goes. */
const HEARTBEAT_MS = 1_000;

/**
 * Executes pending runs on every replica: each claims runs (claim_performance_runs: FOR UPDATE SKIP LOCKED + a lease
 * it renews with the progress every second), runs the load generator and stores the result with the run's end in one
 * transaction. A replica that dies leaves a lease that expires; the next claim records that run FAILED, never runs
 * it again (a load test is not idempotent: a second run would load the target twice and mix two measurements).
 */
@Injectable()
export class RunExecutor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunExecutor.name);
  private readonly running = new Map<string, AbortController>();
  private readonly loop: ClaimLoop<ClaimedRun>;

  constructor(
    @Inject(RUNS_CONFIG) private readonly config: RunsConfig,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly runs: RunsRepository,
    private readonly clock: Clock,
    private readonly messaging: MessagingClient,
    private readonly generators: ExternalGenerators,
    private readonly announcer: ResultAnnouncer,
  ) {
    this.loop = new ClaimLoop(
      {
        claim: (free) => this.runs.claim(this.owner, this.config.leaseMs, free),
        execute: (claim) => this.execute(claim).finally(() => this.running.delete(claim.id)),
        describe: (claim) => `performance run ${claim.id}`,
        warn: (message) => this.logger.warn(message),
      },
      { pollMs: config.pollMs, concurrency: config.concurrency },
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** A replica shutting down stops its runs' load and records them FAILED, saying why (a cut run is no result). */
  async beforeApplicationShutdown(): Promise<void> {
    const stopping = this.loop.stop();
    for (const controller of this.running.values()) controller.abort();
    await stopping;
  }

  /** Looks for pending runs now (a run requested on this replica starts without waiting for the tick). */
  wake(): void {
    this.loop.wake();
  }

  private get owner(): string {
    return this.identity.instance;
  }

  private async execute(claim: ClaimedRun): Promise<void> {
    if (claim.abandoned) {
      await this.runs.finish(claim.orgId, claim.id, this.owner, {
        status: 'FAILED',
        message: RESTARTED_MID_RUN,
      });
      return;
    }
    const run = await this.runs.find(claim.orgId, claim.id);
    if (!run || run.status !== 'RUNNING' || run.leaseOwner !== this.owner) return;
    // This replica may lack a tool the one that accepted the run had: refused here, naming what is found.
    const refused = unrunnableReason(
      run.profile,
      run.profile.generator === 'meshplane' ? [] : await this.generators.detected(),
    );
    if (refused) {
      await this.runs.finish(run.orgId, run.id, this.owner, { status: 'FAILED', message: refused });
      return;
    }
    const controller = new AbortController();
    this.running.set(run.id, controller);
    let progress: RunProgress | null = null;
    let lost = false;
    let cancelled = run.cancelRequested;
    if (cancelled) controller.abort();
    const heartbeat = setInterval(
      () => {
        this.runs
          .heartbeat(run.orgId, run.id, this.owner, this.config.leaseMs, progress)
          .then(({ held, cancelRequested }) => {
            if (!held) {
              lost = true;
              controller.abort();
            } else if (cancelRequested && !cancelled) {
              cancelled = true;
              controller.abort();
            }
          })
          .catch((error: unknown) =>
            this.logger.warn(`heartbeat of run ${run.id}: ${(error as Error).message}`),
          );
      },
      Math.min(HEARTBEAT_MS, Math.max(50, Math.floor(this.config.leaseMs / 3))),
    );
    let result: LoadResult;
    try {
      const options = loadOptionsOf(run.profile, this.config.threads);
      const { durationMs } = run.profile;
      result =
        run.profile.generator !== 'meshplane'
          ? await this.runExternal(run, controller.signal, (p) => (progress = p))
          : run.profile.workers > 1
            ? // Split across the perf workers of every replica (PERF_SHARDS), merged exactly; a lost shard: PARTIAL.
              await runDistributed({
                client: this.messaging,
                options,
                workers: run.profile.workers,
                orgId: run.orgId,
                targetPolicy: this.config.targetPolicy,
                signal: controller.signal,
                onProgress: (p) =>
                  (progress = progressOf(
                    {
                      phase: p.requests > 0 ? 'measure' : 'warmup',
                      elapsedMs: p.elapsedMs,
                      requests: p.requests,
                      errors: p.errors,
                    },
                    durationMs,
                  )),
              })
            : run.profile.endpoints.length > 1
              ? // The load spread over the endpoints in one window, each endpoint's part kept with the whole.
                await runLoadAcross(
                  run.profile.endpoints,
                  { ...withoutUrl(options), targetPolicy: this.config.targetPolicy },
                  { signal: controller.signal, onProgress: (p) => (progress = progressOf(p, durationMs)) },
                )
              : await runLoad(
                  { ...options, targetPolicy: this.config.targetPolicy },
                  { signal: controller.signal, onProgress: (p) => (progress = progressOf(p, durationMs)) },
                );
    } catch (error) {
      clearInterval(heartbeat);
      if (!lost)
        await this.runs.finish(
          run.orgId,
          run.id,
          this.owner,
          cancelled
            ? {
                status: 'CANCELLED',
                message: 'cancelled: the generator was stopped before it reported',
                progress,
              }
            : { status: 'FAILED', message: (error as Error).message, progress },
        );
      return;
    }
    clearInterval(heartbeat);
    if (lost) {
      this.logger.warn(
        `performance run ${run.id}: no longer held by this replica; its result is not recorded`,
      );
      return;
    }
    if (this.loop.stopping && !cancelled) {
      await this.runs.finish(run.orgId, run.id, this.owner, {
        status: 'FAILED',
        message:
          'the perf service replica running it shut down mid-run; the partial measurement was discarded',
        progress,
      });
      return;
    }
    const end = finalStatusOf(result, cancelled);
    const stored = await this.runs.finish(
      run.orgId,
      run.id,
      this.owner,
      { ...end, progress: finalProgressOf(progress, result, run.profile.durationMs) },
      this.resultRow(run, result),
    );
    if (stored) await this.announcer.announce(run.orgId, run.id);
  }

  /**
   * An external tool reports only at its end: progress is its elapsed time meanwhile (no request counts), and a
   * cancel stops the process (nothing measured is kept).
   */
  private async runExternal(
    run: PerformanceRunEntity,
    signal: AbortSignal,
    onProgress: (progress: RunProgress) => void,
  ): Promise<LoadResult> {
    const started = this.clock.nowMs();
    const { durationMs } = run.profile;
    const tick = setInterval(
      () =>
        onProgress({
          phase: 'measure',
          elapsedMs: Math.min(durationMs, this.clock.nowMs() - started),
          plannedMs: durationMs,
          requests: 0,
          errors: 0,
          currentRate: 0,
        }),
      HEARTBEAT_MS,
    );
    try {
      return await this.generators.run(perfRunOptionsOf(run.profile), signal);
    } finally {
      clearInterval(tick);
    }
  }

  private resultRow(run: PerformanceRunEntity, result: LoadResult): PerformanceResultEntity {
    const smp = buildSmpResult(result, environmentMetadataOf(run.environment), {
      id: run.id,
      testId: run.profileId,
      labels: {
        ...run.profile.labels,
        profile: run.profile.name,
        generator_host_cores: String(availableParallelism()),
      },
    });
    return Object.assign(new PerformanceResultEntity(), {
      id: run.id,
      orgId: run.orgId,
      profileId: run.profileId,
      result,
      smp,
      createdAt: this.clock.now(),
      announcedAt: null,
    });
  }
}

function withoutUrl<T extends { url: string }>(options: T): Omit<T, 'url'> {
  const { url: _url, ...rest } = options;
  return rest;
}
