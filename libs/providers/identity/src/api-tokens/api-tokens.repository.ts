import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { applyKeyset, withTenant, type KeysetColumn } from '@meshplane/database';
import type { SortDirection } from '@meshplane/graphql';
import { ApiTokenSortField } from './dto/api-token.inputs.js';
import { ApiTokenEntity } from './api-token.entity.js';

export interface ApiTokenPageQuery {
  orgId: string;
  userId: string;
  limit: number;
  field: ApiTokenSortField;
  direction: SortDirection;
  /** Keyset position: the sort column's value and the id that breaks ties. */
  after?: readonly [value: string, id: string] | undefined;
}

/** Sort fields map to columns through this table only: nothing from a request reaches the SQL text. */
const SORT_COLUMNS: Record<ApiTokenSortField, KeysetColumn> = {
  [ApiTokenSortField.CREATED_AT]: { sql: 't.created_at', type: 'timestamptz' },
  [ApiTokenSortField.NAME]: { sql: 't.name', type: 'text' },
  [ApiTokenSortField.EXPIRES_AT]: { sql: 't.expires_at', type: 'timestamptz' },
};

@Injectable()
export class ApiTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  inOrg<T>(orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  async insert(token: ApiTokenEntity): Promise<void> {
    await this.inOrg(token.orgId, (manager) => manager.insert(ApiTokenEntity, token));
  }

  /**
   * The organization of a token id, whatever the tenant: a presented token names no organization, so this goes
   * through the narrow `api_token_org` function (one id in, one org id out) before anything runs under a tenant.
   */
  async orgOfTokenId(tokenId: string): Promise<string | undefined> {
    const rows: { org_id: string | null }[] = await this.dataSource.query(
      'SELECT "providers"."api_token_org"($1) AS org_id',
      [tokenId],
    );
    return rows[0]?.org_id ?? undefined;
  }

  findByTokenId(manager: EntityManager, tokenId: string): Promise<ApiTokenEntity | null> {
    return manager.findOneBy(ApiTokenEntity, { tokenId });
  }

  findById(manager: EntityManager, id: string): Promise<ApiTokenEntity | null> {
    return manager.findOneBy(ApiTokenEntity, { id });
  }

  async revoke(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.update(ApiTokenEntity, { id, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Revokes every live token `userId` holds in `orgId`; returns how many. */
  async revokeAllOfUser(orgId: string, userId: string, at: Date): Promise<number> {
    return this.inOrg(orgId, async (manager) => {
      const result = await manager.update(ApiTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: at });
      return result.affected ?? 0;
    });
  }

  async touch(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.update(ApiTokenEntity, { id }, { lastUsedAt: at });
  }

  /** One page of a user's tokens plus the total, in one tenant transaction. */
  page(query: ApiTokenPageQuery): Promise<{ rows: ApiTokenEntity[]; total: number }> {
    return this.inOrg(query.orgId, async (manager) => {
      const filtered = manager
        .createQueryBuilder(ApiTokenEntity, 't')
        .where('t.user_id = :userId', { userId: query.userId });
      const total = await filtered.clone().getCount();
      const qb = applyKeyset(filtered, {
        columns: [SORT_COLUMNS[query.field], { sql: 't.id', type: 'uuid' }],
        direction: query.direction,
        after: query.after,
      }).limit(query.limit);
      return { rows: await qb.getMany(), total };
    });
  }
}
