import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  checkUuid,
  decodeCursor,
  DomainError,
  encodeCursor,
  hasControlCharacters,
  isUuid,
  NotFoundError,
  pageOf,
  pageSize,
  ValidationFailedError,
  type CursorShape,
} from '@meshplane/graphql';
import { assertTargetAllowed, TargetRefusedError } from '@meshplane/perf-loadgen';
import { ProfilesService, type PerformanceProfileEntity } from '@meshplane/perf-profiles';
import { assertLoopbackTarget, TargetNotAllowedError } from '@meshplane/perf-smp';
import { Clock } from '@meshplane/runtime';
import { RUNS_CONFIG, type RunsConfig } from './config/runs.config.js';
import { PerformanceRunEntity } from './entities/performance-run.entity.js';
import type { PerformanceResultEntity } from './entities/performance-result.entity.js';
import { ClusterEnvironments } from './execution/cluster-environments.js';
import { ExternalGenerators } from './execution/external-generators.js';
import { RunExecutor } from './execution/run-executor.js';
import type { PerformanceRunPage, PerformanceRunsArgs } from './graphql/run.model.js';
import { toRunModel } from './graphql/run.mapper.js';
import { ActiveRunsLimitError, RunsRepository } from './persistence/runs.repository.js';
import { unrunnableReason, type ProfileSnapshot } from './run-state.js';

const PAGE_CURSOR = {
  order: 'performanceRuns:CREATED_AT:DESC',
  keys: ['timestamp', 'uuid'],
} as const satisfies CursorShape;
const KEY_MAX_LENGTH = 200;

/** Runs of one organization: starting (idempotent), cancelling, reading. */
@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly profiles: ProfilesService,
    private readonly executor: RunExecutor,
    private readonly environments: ClusterEnvironments,
    private readonly generators: ExternalGenerators,
    private readonly clock: Clock,
    @Inject(RUNS_CONFIG) private readonly config: RunsConfig,
  ) {}

  /**
   * Requests a run of the profile as it is now. Everything that would make the run fail at once (a generator or a
   * worker count not run here, a target the policy refuses) is refused here instead, naming the field, with nothing
   * stored. The same key returns the run it created the first time, whatever the profile became since.
   */
  async start(
    orgId: string,
    userId: string,
    input: { profileId: string; idempotencyKey: string; scheduleId?: string; clusterId?: string | null },
  ): Promise<PerformanceRunEntity> {
    const key = input.idempotencyKey;
    if (key.length === 0 || key.length > KEY_MAX_LENGTH || hasControlCharacters(key))
      throw new ValidationFailedError(
        'input.idempotencyKey',
        `must be 1 to ${KEY_MAX_LENGTH} characters without control characters`,
      );
    // A retry of a key answers the run it created before anything else is checked or asked: neither a profile
    // changed since nor discovery being away makes a retry fail.
    const existing = await this.runs.findByKey(orgId, key);
    if (existing) return existing;
    const profile = await this.profiles.get(orgId, input.profileId);
    const snapshot = snapshotOf(profile);
    const external = snapshot.generator !== 'meshplane';
    const unrunnable = unrunnableReason(snapshot, external ? await this.generators.detected() : []);
    if (unrunnable)
      throw new DomainError('NOT_RUNNABLE', `profile ${profile.name}: ${unrunnable}`, {
        field: 'input.profileId',
      });
    for (const endpoint of snapshot.endpoints) {
      try {
        assertTargetAllowed(new URL(endpoint), this.config.targetPolicy);
        // An external tool resolves names itself: it gets loopback literals only, whatever the policy opens.
        if (external) assertLoopbackTarget(endpoint);
      } catch (error) {
        if (error instanceof TargetNotAllowedError)
          throw new DomainError('TARGET_REFUSED', `profile ${profile.name}: ${error.message}`, {
            field: 'input.profileId',
          });
        if (error instanceof TargetRefusedError)
          throw new DomainError('TARGET_REFUSED', `profile ${profile.name}: ${error.message}`, {
            field: 'input.profileId',
          });
        throw error;
      }
    }
    const id = randomUUID();
    const clusterId = input.clusterId == null ? null : checkUuid(input.clusterId, 'input.clusterId');
    // The environment as discovery describes it now: recorded with the result (SMP environment and mesh).
    const environment =
      clusterId === null ? null : await this.environments.describe(orgId, clusterId, id, 'input.clusterId');
    const now = this.clock.now();
    const row = Object.assign(new PerformanceRunEntity(), {
      id,
      orgId,
      profileId: profile.id,
      scheduleId: input.scheduleId ?? null,
      profile: snapshot,
      clusterId,
      environment,
      status: 'PENDING' as const,
      idempotencyKey: key,
      requestedBy: userId,
      cancelRequested: false,
      progress: null,
      message: null,
      leaseOwner: null,
      leaseUntil: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      updatedAt: now,
    });
    let stored: PerformanceRunEntity;
    let created: boolean;
    try {
      ({ row: stored, created } = await this.runs.insertOrExisting(row, this.config.maxActiveRunsPerOrg));
    } catch (error) {
      if (error instanceof ActiveRunsLimitError) throw new DomainError('LIMIT_REACHED', error.message);
      throw error;
    }
    if (created) this.executor.wake();
    return stored;
  }

  /** A schedule's tick: idempotent on the tick's key, so a tick retried after a crash gets the same run. */
  async startForSchedule(request: {
    orgId: string;
    scheduleId: string;
    profileId: string;
    idempotencyKey: string;
  }): Promise<string> {
    const run = await this.start(request.orgId, `schedule:${request.scheduleId}`, request);
    return run.id;
  }

  isScheduleRunActive(orgId: string, scheduleId: string): Promise<boolean> {
    return this.runs.scheduleRunActive(orgId, scheduleId);
  }

  async cancel(orgId: string, id: string): Promise<PerformanceRunEntity> {
    const row = isUuid(id) ? await this.runs.requestCancel(orgId, id) : null;
    if (!row) throw notFound(id);
    return row;
  }

  async get(orgId: string, id: string): Promise<PerformanceRunEntity> {
    const row = isUuid(id) ? await this.runs.find(orgId, id) : null;
    if (!row) throw notFound(id);
    return row;
  }

  result(orgId: string, id: string): Promise<PerformanceResultEntity | null> {
    return this.runs.findResult(orgId, id);
  }

  /** A run's result by the run id; null for a malformed id, another organization's run or one without a result. */
  resultOf(orgId: string, id: string): Promise<PerformanceResultEntity | null> {
    return isUuid(id) ? this.runs.findResult(orgId, id) : Promise.resolve(null);
  }

  async page(orgId: string, args: PerformanceRunsArgs): Promise<PerformanceRunPage> {
    const first = pageSize(args.first);
    const profileId = args.filter?.profileId ?? undefined;
    if (profileId !== undefined && !isUuid(profileId))
      throw new ValidationFailedError('filter.profileId', 'is not an id');
    const { rows, totalCount } = await this.runs.page(
      orgId,
      { ...(profileId ? { profileId } : {}), ...(args.filter?.status ? { status: args.filter.status } : {}) },
      { before: decodeCursor(args.after, PAGE_CURSOR), limit: first + 1 },
    );
    const cursorOf = (row: PerformanceRunEntity) =>
      encodeCursor(PAGE_CURSOR, [row.createdAt.toISOString(), row.id]);
    return { ...pageOf(rows, first, cursorOf, toRunModel), totalCount };
  }
}

function snapshotOf(profile: PerformanceProfileEntity): ProfileSnapshot {
  return {
    id: profile.id,
    name: profile.name,
    version: profile.version,
    endpoints: [...profile.endpoints],
    durationMs: profile.durationMs,
    model: profile.model,
    generator: profile.generator,
    protocol: profile.protocol,
    method: profile.method,
    headers: { ...profile.headers },
    body: profile.body,
    workers: profile.workers,
    labels: { ...profile.labels },
  };
}

/** Another organization's run and a malformed id answer the same. */
function notFound(id: string): NotFoundError {
  return new NotFoundError(`performance run ${isUuid(id) ? id : '(malformed id)'}`);
}
