import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { applyKeyset, withTenant, type Keyset } from '@meshplane/database';
import { Clock } from '@meshplane/runtime';
import type { GeneratorName } from '@meshplane/perf-loadgen';
import { PerformanceProfileEntity } from '../entities/performance-profile.entity.js';
import type { PerformanceProfileInput } from '../profile.js';

/** The table, schema-qualified, for SQL that names it. */
export const PROFILES_TABLE = '"perf"."performance_profiles"';

export interface ProfileFilter {
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  generator?: GeneratorName;
}

/** Resumes strictly after (created_at, id), oldest first. */
export interface ProfilePageQuery {
  after?: readonly [createdAt: string, id: string] | undefined;
  limit: number;
}

const UNIQUE_VIOLATION = '23505';

export class ProfileNameTakenError extends Error {
  constructor(readonly profileName: string) {
    super(`a performance profile named "${profileName}" already exists in this organization`);
    this.name = 'ProfileNameTakenError';
  }
}

/** The update named a version that is no longer the stored one. */
export class ProfileVersionConflictError extends Error {
  constructor(
    readonly expected: number,
    readonly current: number,
  ) {
    super(`the profile is at version ${current}, not ${expected}`);
    this.name = 'ProfileVersionConflictError';
  }
}

/**
 * Tenant-scoped persistence of performance profiles: every method runs in `withTenant`, so row-level security
 * shows and accepts the caller's organization's rows only (another org's id simply is not there).
 */
@Injectable()
export class ProfilesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private inTenant<T>(orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  async insert(
    orgId: string,
    createdBy: string,
    profile: PerformanceProfileInput,
  ): Promise<PerformanceProfileEntity> {
    const now = this.clock.now();
    const row = Object.assign(new PerformanceProfileEntity(), {
      id: randomUUID(),
      orgId,
      ...columnsOf(profile),
      version: 1,
      createdBy,
      createdAt: now,
      updatedAt: now,
    });
    return this.unique(profile.name, () =>
      this.inTenant(orgId, async (m) => {
        await m.getRepository(PerformanceProfileEntity).insert(row);
        return row;
      }),
    );
  }

  find(orgId: string, id: string): Promise<PerformanceProfileEntity | null> {
    return this.inTenant(orgId, (m) => m.getRepository(PerformanceProfileEntity).findOneBy({ id }));
  }

  /**
   * Replaces the profile if it is still at `expectedVersion` (raising the version by one). Null when absent;
   * ProfileVersionConflictError when another write came first.
   */
  replace(
    orgId: string,
    id: string,
    expectedVersion: number,
    profile: PerformanceProfileInput,
  ): Promise<PerformanceProfileEntity | null> {
    return this.unique(profile.name, () =>
      this.inTenant(orgId, async (m) => {
        const repository = m.getRepository(PerformanceProfileEntity);
        // The entity's @VersionColumn makes the update builder add `version = version + 1`.
        const result = await repository
          .createQueryBuilder()
          .update()
          .set({ ...columnsOf(profile), updatedAt: this.clock.now() })
          .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
          .execute();
        const current = await repository.findOneBy({ id });
        if ((result.affected ?? 0) === 0 && current)
          throw new ProfileVersionConflictError(expectedVersion, current.version);
        return current;
      }),
    );
  }

  /** Deletes the profile (if still at `expectedVersion` when one is given); false when absent. */
  delete(orgId: string, id: string, expectedVersion?: number): Promise<boolean> {
    return this.inTenant(orgId, async (m) => {
      const repository = m.getRepository(PerformanceProfileEntity);
      const query = repository.createQueryBuilder().delete().where('id = :id', { id });
      if (expectedVersion !== undefined) query.andWhere('version = :expectedVersion', { expectedVersion });
      const result = await query.execute();
      if ((result.affected ?? 0) > 0) return true;
      const current = expectedVersion === undefined ? null : await repository.findOneBy({ id });
      if (current && expectedVersion !== undefined)
        throw new ProfileVersionConflictError(expectedVersion, current.version);
      return false;
    });
  }

  page(
    orgId: string,
    filter: ProfileFilter,
    page: ProfilePageQuery,
  ): Promise<{ rows: PerformanceProfileEntity[]; totalCount: number }> {
    return this.inTenant(orgId, async (m) => {
      const filtered = () => {
        const query = m.getRepository(PerformanceProfileEntity).createQueryBuilder('p');
        if (filter.nameContains !== undefined)
          query.andWhere(`strpos(lower(p.name), lower(:nameContains)) > 0`, {
            nameContains: filter.nameContains,
          });
        if (filter.generator !== undefined)
          query.andWhere('p.generator = :generator', { generator: filter.generator });
        return query;
      };
      const totalCount = await filtered().getCount();
      const keyset: Keyset = {
        columns: [
          { sql: 'p.createdAt', type: 'timestamptz' },
          { sql: 'p.id', type: 'uuid' },
        ],
        direction: 'ASC',
        after: page.after,
      };
      const rows = await applyKeyset(filtered(), keyset).limit(page.limit).getMany();
      return { rows, totalCount };
    });
  }

  private async unique<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION)
        throw new ProfileNameTakenError(name);
      throw error;
    }
  }
}

/** The stored columns of a validated profile. */
function columnsOf(profile: PerformanceProfileInput) {
  return {
    name: profile.name,
    endpoints: [...profile.endpoints],
    durationMs: profile.durationMs,
    model: profile.model,
    generator: profile.generator,
    protocol: profile.protocol,
    method: profile.method,
    headers: profile.headers,
    body: profile.body ?? null,
    workers: profile.workers,
    labels: profile.labels,
  };
}

/** A stored row back as the profile it holds (for export and runs). */
export function profileOfRow(row: PerformanceProfileEntity): PerformanceProfileInput {
  return {
    name: row.name,
    endpoints: [...row.endpoints],
    durationMs: row.durationMs,
    model: row.model,
    generator: row.generator,
    protocol: row.protocol,
    method: row.method,
    headers: row.headers,
    ...(row.body === null ? {} : { body: row.body }),
    workers: row.workers,
    labels: row.labels,
  };
}
