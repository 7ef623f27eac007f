import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import type { RefreshTokenRecord, RefreshTokenStore } from './token.stores.js';

@Injectable()
export class RefreshTokenRepository implements RefreshTokenStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(RefreshTokenEntity);
  }

  async insert(record: RefreshTokenRecord): Promise<void> {
    await this.repo.insert(toEntity(record));
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.repo.findOneBy({ tokenHash });
    return row ? toRecord(row) : undefined;
  }

  async markUsed(id: string, at: Date): Promise<boolean> {
    // Conditional on used_at: of two concurrent refreshes with one token, exactly one wins.
    const result = await this.repo.update({ id, usedAt: IsNull() }, { usedAt: at });
    return (result.affected ?? 0) === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<RefreshTokenRecord[]> {
    await this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: at });
    return (await this.repo.findBy({ familyId })).map(toRecord);
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
