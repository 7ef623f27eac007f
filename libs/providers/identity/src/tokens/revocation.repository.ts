import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '@meshplane/runtime';
import { RevokedTokenEntity } from './revoked-token.entity.js';
import type { RevocationStore } from './token.stores.js';

@Injectable()
export class RevocationRepository implements RevocationStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(RevokedTokenEntity);
  }

  async revoke(entries: readonly { tokenId: string; expiresAt: Date }[]): Promise<void> {
    const now = this.clock.now();
    const live = entries.filter((entry) => entry.expiresAt > now);
    if (live.length > 0) {
      await this.repo
        .createQueryBuilder()
        .insert()
        .values(live.map((entry) => ({ tokenId: entry.tokenId, expiresAt: entry.expiresAt, revokedAt: now })))
        .orIgnore()
        .execute();
    }
    // An entry outliving its token refuses nothing, so revocations double as the moment to prune.
    await this.repo.delete({ expiresAt: LessThan(now) });
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    return this.repo.existsBy({ tokenId });
  }
}
