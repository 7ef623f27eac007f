import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { applyKeyset, withTenant, type Keyset } from '@meshplane/database';
import { Clock } from '@meshplane/runtime';
import { PerformanceResultEntity } from '../entities/performance-result.entity.js';
import { PerformanceRunEntity } from '../entities/performance-run.entity.js';
import type { RunProgress, RunStatus } from '../run-state.js';

export class ActiveRunsLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the organization has ${limit} runs pending or running, the most it may have: wait for one to end`);
    this.name = 'ActiveRunsLimitError';
  }
}

/** A run this replica now holds: which organization's transaction to work in, and whether a dead replica had it. */
export interface ClaimedRun {
  readonly id: string;
  readonly orgId: string;
  /** It was RUNNING under a lease that expired: it is ended FAILED, never run again. */
  readonly abandoned: boolean;
}

export interface RunFilter {
  profileId?: string;
  status?: RunStatus;
}

/** Resumes strictly before (created_at, id): newest first. */
export interface RunPageQuery {
  before?: readonly [createdAt: string, id: string] | undefined;
  limit: number;
}

/**
 * Runs and results, each statement in its organization's transaction (forced RLS); only the claim spans
 * organizations, through a SECURITY DEFINER function that returns ids (FOR UPDATE SKIP LOCKED + a lease).
 */
@Injectable()
export class RunsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private inTenant<T>(orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  /**
   * Inserts the run, or returns the one the organization already has under the same key. A new run is refused
   * (ActiveRunsLimitError) when the organization already has `maxActive` runs pending or running.
   */
  async insertOrExisting(
    row: PerformanceRunEntity,
    maxActive: number,
  ): Promise<{ row: PerformanceRunEntity; created: boolean }> {
    return this.inTenant(row.orgId, async (m) => {
      // One start at a time per organization: the count and the insert cannot interleave with another start's.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`perf-runs:${row.orgId}`]);
      const existing = await m
        .getRepository(PerformanceRunEntity)
        .findOneBy({ orgId: row.orgId, idempotencyKey: row.idempotencyKey });
      if (existing) return { row: existing, created: false };
      const active = await m.getRepository(PerformanceRunEntity).count({
        where: [{ status: 'PENDING' }, { status: 'RUNNING' }],
      });
      if (active >= maxActive) throw new ActiveRunsLimitError(maxActive);
      await m.createQueryBuilder().insert().into(PerformanceRunEntity).values(row).orIgnore().execute();
      const stored = await m
        .getRepository(PerformanceRunEntity)
        .findOneByOrFail({ orgId: row.orgId, idempotencyKey: row.idempotencyKey });
      return { row: stored, created: stored.id === row.id };
    });
  }

  findByKey(orgId: string, idempotencyKey: string): Promise<PerformanceRunEntity | null> {
    return this.inTenant(orgId, (m) =>
      m.getRepository(PerformanceRunEntity).findOneBy({ orgId, idempotencyKey }),
    );
  }

  find(orgId: string, id: string): Promise<PerformanceRunEntity | null> {
    return this.inTenant(orgId, (m) => m.getRepository(PerformanceRunEntity).findOneBy({ id }));
  }

  /** Whether a run the schedule started is still pending or running. */
  async scheduleRunActive(orgId: string, scheduleId: string): Promise<boolean> {
    return this.inTenant(orgId, async (m) =>
      m.getRepository(PerformanceRunEntity).exists({
        where: [
          { scheduleId, status: 'PENDING' },
          { scheduleId, status: 'RUNNING' },
        ],
      }),
    );
  }

  findResult(orgId: string, id: string): Promise<PerformanceResultEntity | null> {
    return this.inTenant(orgId, (m) => m.getRepository(PerformanceResultEntity).findOneBy({ id }));
  }

  async page(
    orgId: string,
    filter: RunFilter,
    page: RunPageQuery,
  ): Promise<{ rows: PerformanceRunEntity[]; totalCount: number }> {
    return this.inTenant(orgId, async (m) => {
      const filtered = () => {
        const q = m.getRepository(PerformanceRunEntity).createQueryBuilder('r');
        if (filter.profileId) q.andWhere('r.profileId = :profileId', { profileId: filter.profileId });
        if (filter.status) q.andWhere('r.status = :status', { status: filter.status });
        return q;
      };
      const keyset: Keyset = {
        columns: [
          { sql: 'r.createdAt', type: 'timestamptz' },
          { sql: 'r.id', type: 'uuid' },
        ],
        direction: 'DESC',
        after: page.before,
      };
      const totalCount = await filtered().getCount();
      const rows = await applyKeyset(filtered(), keyset).limit(page.limit).getMany();
      return { rows, totalCount };
    });
  }

  /** Results of every organization not announced yet, oldest first (ids only; see unannounced_performance_results). */
  async unannounced(limit: number): Promise<{ id: string; orgId: string }[]> {
    const rows = await this.dataSource.query<{ id: string; org_id: string }[]>(
      'SELECT * FROM perf.unannounced_performance_results($1)',
      [limit],
    );
    return rows.map((row) => ({ id: row.id, orgId: row.org_id }));
  }

  /** A result with the run it ends, to announce it; null when the organization has no such result. */
  async resultWithRun(
    orgId: string,
    id: string,
  ): Promise<{ result: PerformanceResultEntity; run: PerformanceRunEntity } | null> {
    return this.inTenant(orgId, async (m) => {
      const result = await m.getRepository(PerformanceResultEntity).findOneBy({ id });
      const run = result && (await m.getRepository(PerformanceRunEntity).findOneBy({ id }));
      return result && run ? { result, run } : null;
    });
  }

  async markAnnounced(orgId: string, id: string): Promise<void> {
    await this.inTenant(orgId, (m) =>
      m
        .createQueryBuilder()
        .update(PerformanceResultEntity)
        .set({ announcedAt: this.clock.now() })
        .where('id = :id AND announced_at IS NULL', { id })
        .execute(),
    );
  }

  async claim(owner: string, leaseMs: number, limit: number): Promise<ClaimedRun[]> {
    const rows = await this.dataSource.query<{ id: string; org_id: string; abandoned: boolean }[]>(
      'SELECT * FROM perf.claim_performance_runs($1, $2, $3, $4)',
      [this.clock.now(), owner, leaseMs, limit],
    );
    return rows.map((row) => ({ id: row.id, orgId: row.org_id, abandoned: row.abandoned }));
  }

  /** Extends the lease and stores the progress; `held: false` when the run is no longer this replica's. */
  async heartbeat(
    orgId: string,
    id: string,
    owner: string,
    leaseMs: number,
    progress: RunProgress | null,
  ): Promise<{ held: boolean; cancelRequested: boolean }> {
    const now = this.clock.now();
    const rows = await this.inTenant(orgId, (m) =>
      m.query(
        `UPDATE perf.performance_runs
            SET lease_until = $4::timestamptz + make_interval(secs => $5 / 1000.0), updated_at = $4,
                progress = coalesce($6::jsonb, progress)
          WHERE id = $1 AND org_id = $2 AND lease_owner = $3 AND status = 'RUNNING'
      RETURNING cancel_requested`,
        [id, orgId, owner, now, leaseMs, progress === null ? null : JSON.stringify(progress)],
      ),
    );
    const [updated] = rows[0] as { cancel_requested: boolean }[];
    return updated
      ? { held: true, cancelRequested: updated.cancel_requested }
      : { held: false, cancelRequested: false };
  }

  /**
   * Ends a run this replica holds (from RUNNING only), with its result when there is one, in one transaction.
   * False when the run was no longer this replica's (nothing written).
   */
  async finish(
    orgId: string,
    id: string,
    owner: string,
    end: { status: RunStatus; message: string; progress?: RunProgress | null },
    result?: PerformanceResultEntity,
  ): Promise<boolean> {
    const now = this.clock.now();
    return this.inTenant(orgId, async (m) => {
      const updated = await m
        .createQueryBuilder()
        .update(PerformanceRunEntity)
        .set({
          status: end.status,
          message: end.message.slice(0, 2_000),
          finishedAt: now,
          updatedAt: now,
          leaseOwner: null,
          leaseUntil: null,
          ...(end.progress ? { progress: end.progress } : {}),
        })
        .where('id = :id AND org_id = :orgId AND lease_owner = :owner AND status = :running', {
          id,
          orgId,
          owner,
          running: 'RUNNING',
        })
        .execute();
      if ((updated.affected ?? 0) === 0) return false;
      if (result) await m.getRepository(PerformanceResultEntity).insert(result);
      return true;
    });
  }

  /**
   * Cancels a pending run at once (CANCELLED), or marks a running one cancel_requested (its replica stops the load
   * at its next heartbeat). Returns the run as it is now; null when the organization has no such run.
   */
  async requestCancel(orgId: string, id: string): Promise<PerformanceRunEntity | null> {
    const now = this.clock.now();
    return this.inTenant(orgId, async (m) => {
      await m.query(
        `UPDATE perf.performance_runs
            SET status = CASE WHEN status = 'PENDING' THEN 'CANCELLED' ELSE status END,
                finished_at = CASE WHEN status = 'PENDING' THEN $3::timestamptz ELSE finished_at END,
                message = CASE WHEN status = 'PENDING' THEN 'cancelled before it started' ELSE message END,
                cancel_requested = CASE WHEN status = 'RUNNING' THEN true ELSE cancel_requested END,
                updated_at = $3
          WHERE id = $1 AND org_id = $2 AND status IN ('PENDING', 'RUNNING')`,
        [id, orgId, now],
      );
      return m.getRepository(PerformanceRunEntity).findOneBy({ id });
    });
  }
}
