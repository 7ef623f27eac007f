import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '@meshplane/database';
import { Clock } from '@meshplane/runtime';
import { PerformanceResultSyncEntity, type ResultSyncStatus } from './result-sync.entity.js';

export interface SyncOutcome {
  status: ResultSyncStatus;
  message: string | null;
  remoteVersion?: number;
}

/** The syncs' rows, each statement in its organization's transaction (forced RLS). */
@Injectable()
export class ResultSyncsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  find(orgId: string, resultId: string, provider: string): Promise<PerformanceResultSyncEntity | null> {
    return withTenant(this.dataSource, orgId, (m) =>
      m.getRepository(PerformanceResultSyncEntity).findOneBy({ resultId, provider }),
    );
  }

  ofResult(orgId: string, resultId: string): Promise<PerformanceResultSyncEntity[]> {
    return withTenant(this.dataSource, orgId, (m) =>
      m.getRepository(PerformanceResultSyncEntity).find({ where: { resultId }, order: { provider: 'ASC' } }),
    );
  }

  /** Records an attempt's outcome (attempts counted; a success keeps when and which version). */
  async record(
    key: { orgId: string; resultId: string; provider: string; userId: string },
    outcome: SyncOutcome,
  ): Promise<void> {
    const now = this.clock.now();
    await withTenant(this.dataSource, key.orgId, (m) =>
      m.query(
        `INSERT INTO providers.performance_result_syncs
           (result_id, provider, org_id, user_id, status, attempts, message, remote_version, synced_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, CASE WHEN $5 = 'SYNCED' THEN $8::timestamptz END, $8)
         ON CONFLICT (result_id, provider) DO UPDATE
           SET status = EXCLUDED.status, attempts = performance_result_syncs.attempts + 1,
               message = EXCLUDED.message,
               remote_version = coalesce(EXCLUDED.remote_version, performance_result_syncs.remote_version),
               synced_at = coalesce(EXCLUDED.synced_at, performance_result_syncs.synced_at),
               updated_at = EXCLUDED.updated_at
         WHERE performance_result_syncs.org_id = EXCLUDED.org_id`,
        [
          key.resultId,
          key.provider,
          key.orgId,
          key.userId,
          outcome.status,
          outcome.message?.slice(0, 1_000) ?? null,
          outcome.remoteVersion ?? null,
          now,
        ],
      ),
    );
  }
}
