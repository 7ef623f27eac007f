import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { applyKeyset, withTenant, type Keyset } from '@meshplane/database';
import { AdapterEntity } from '../entities/adapter.entity.js';
import { type AdapterHealth } from '../health/health-state.js';

export interface AdapterFilter {
  readonly healths?: readonly AdapterHealth[];
  readonly mesh?: string;
}

const UNIQUE_VIOLATION = '23505';

export class AdapterAddressTakenError extends Error {
  constructor() {
    super('an adapter with this address is already registered in this organization');
    this.name = 'AdapterAddressTakenError';
  }
}

/**
 * Tenant-scoped reads and writes of adapters, each in withTenant: an organization reads its own adapters and the
 * operator's (a SELECT-only policy), and writes only its own (the tenant policy).
 */
@Injectable()
export class AdaptersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private inTenant<T>(orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  async insert(adapter: AdapterEntity): Promise<AdapterEntity> {
    try {
      return await this.inTenant(adapter.orgId ?? '', (m) => m.getRepository(AdapterEntity).save(adapter));
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION)
        throw new AdapterAddressTakenError();
      throw error;
    }
  }

  find(orgId: string, id: string): Promise<AdapterEntity | null> {
    return this.inTenant(orgId, (m) => this.findWith(m, id));
  }

  /** As find, inside a transaction of the organization the caller opened (withTenant). */
  findWith(tenantManager: EntityManager, id: string): Promise<AdapterEntity | null> {
    return tenantManager.getRepository(AdapterEntity).findOneBy({ id });
  }

  /** Deletes the organization's own adapter; an operator's (or another org's) is not there to delete. */
  async delete(orgId: string, id: string): Promise<boolean> {
    return this.inTenant(orgId, async (m) => {
      const result = await m.getRepository(AdapterEntity).delete({ id, orgId });
      return (result.affected ?? 0) > 0;
    });
  }

  page(
    orgId: string,
    filter: AdapterFilter,
    keyset: Omit<Keyset, 'columns'>,
    limit: number,
  ): Promise<{ rows: AdapterEntity[]; totalCount: number }> {
    return this.inTenant(orgId, async (m) => {
      const filtered = () => {
        const qb = m.getRepository(AdapterEntity).createQueryBuilder('a');
        qb.where('TRUE');
        if (filter.healths?.length)
          qb.andWhere('a.health IN (:...healths)', { healths: [...filter.healths] });
        if (filter.mesh !== undefined) qb.andWhere('a.mesh = :mesh', { mesh: filter.mesh });
        return qb;
      };
      const totalCount = await filtered().getCount();
      const rows = await applyKeyset(filtered(), {
        ...keyset,
        columns: [
          { sql: 'a.createdAt', type: 'timestamptz' },
          { sql: 'a.id', type: 'uuid' },
        ],
      })
        .limit(limit)
        .getMany();
      return { rows, totalCount };
    });
  }
}
