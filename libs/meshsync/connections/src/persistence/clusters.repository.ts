import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { applyKeyset, withTenant } from '@meshplane/database';
import { ClusterEntity } from '../entities/cluster.entity.js';
import { type ClusterStatusValue } from '../entities/connection-status.js';
import { escapeLike } from './connections.repository.js';
import { keysetOf, type PageQuery } from './page-query.js';

export interface ClusterFilterQuery {
  statuses?: readonly ClusterStatusValue[];
  nameContains?: string;
}

@Injectable()
export class ClustersRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(orgId: string, id: string): Promise<ClusterEntity | null> {
    return withTenant(this.dataSource, orgId, (m) => m.getRepository(ClusterEntity).findOneBy({ id }));
  }

  page(
    orgId: string,
    filter: ClusterFilterQuery,
    page: PageQuery,
  ): Promise<{ rows: ClusterEntity[]; totalCount: number }> {
    return withTenant(this.dataSource, orgId, async (m) => {
      const filtered = () => {
        const qb = m.getRepository(ClusterEntity).createQueryBuilder('k').where('true');
        if (filter.statuses?.length)
          qb.andWhere('k.status IN (:...statuses)', { statuses: [...filter.statuses] });
        if (filter.nameContains !== undefined)
          qb.andWhere(`k.name ILIKE :pattern ESCAPE '\\'`, {
            pattern: `%${escapeLike(filter.nameContains)}%`,
          });
        return qb;
      };
      const totalCount = await filtered().getCount();
      const rows = await applyKeyset(filtered(), keysetOf('k', page)).limit(page.limit).getMany();
      return { rows, totalCount };
    });
  }
}
