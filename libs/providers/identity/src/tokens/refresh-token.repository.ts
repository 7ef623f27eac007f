import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import type { AppendOutcome, RefreshTokenRecord, RefreshTokenStore } from './token.stores.js';

const FAMILY_LOCK = 'meshplane.identity.refresh-family:';

@Injectable()
export class RefreshTokenRepository implements RefreshTokenStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(RefreshTokenEntity);
  }

  async append(record: RefreshTokenRecord, consumes?: string): Promise<AppendOutcome> {
    return this.inFamily(record.familyId, async (manager) => {
      const repo = manager.getRepository(RefreshTokenEntity);
      if (await repo.existsBy({ familyId: record.familyId, revokedAt: Not(IsNull()) })) return 'revoked';
      if (consumes !== undefined) {
        const used = await repo.update(
          { id: consumes, familyId: record.familyId, usedAt: IsNull() },
          { usedAt: record.createdAt },
        );
        if ((used.affected ?? 0) !== 1) return 'reused';
      }
      await repo.insert(toEntity(record));
      return 'issued';
    });
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.repo.findOneBy({ tokenHash });
    return row ? toRecord(row) : undefined;
  }

  async findByAccessTokenId(accessTokenId: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.repo.findOneBy({ accessTokenId });
    return row ? toRecord(row) : undefined;
  }

  async liveFamiliesOf(userId: string): Promise<string[]> {
    const rows = await this.repo
      .createQueryBuilder('token')
      .select('DISTINCT token.family_id', 'familyId')
      .where('token.user_id = :userId', { userId })
      .andWhere('token.revoked_at IS NULL')
      .getRawMany<{ familyId: string }>();
    return rows.map((row) => row.familyId);
  }

  async revokeFamily(familyId: string, at: Date): Promise<RefreshTokenRecord[]> {
    return this.inFamily(familyId, async (manager) => {
      const repo = manager.getRepository(RefreshTokenEntity);
      await repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: at });
      return (await repo.findBy({ familyId })).map(toRecord);
    });
  }

  /**
   * A transaction holding the family's advisory lock until it commits. Row locks would not do: the token a
   * racing rotation inserts is not there yet for the revocation to lock.
   */
  private inFamily<T>(familyId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [FAMILY_LOCK + familyId]);
      return work(manager);
    });
  }
}

function toEntity(record: RefreshTokenRecord): RefreshTokenEntity {
  return Object.assign(new RefreshTokenEntity(), {
    id: record.id,
    familyId: record.familyId,
    userId: record.userId,
    sessionOrgId: record.orgId ?? null,
    tokenHash: record.tokenHash,
    accessTokenId: record.accessTokenId,
    accessExpiresAt: record.accessExpiresAt,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    usedAt: record.usedAt ?? null,
    revokedAt: record.revokedAt ?? null,
  });
}

function toRecord(row: RefreshTokenEntity): RefreshTokenRecord {
  return {
    id: row.id,
    familyId: row.familyId,
    userId: row.userId,
    ...(row.sessionOrgId === null ? {} : { orgId: row.sessionOrgId }),
    tokenHash: row.tokenHash,
    accessTokenId: row.accessTokenId,
    accessExpiresAt: row.accessExpiresAt,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    ...(row.usedAt === null ? {} : { usedAt: row.usedAt }),
    ...(row.revokedAt === null ? {} : { revokedAt: row.revokedAt }),
  };
}
