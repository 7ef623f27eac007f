import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withTenant } from '@meshplane/database';

/** One transaction under one organization's tenant; repositories take it as their first argument. */
export type TenantTx = EntityManager;

/**
 * Opens the tenant transactions the tenancy's services compose repository calls in: row-level security then
 * shows that organization's rows only, and the calls commit or fail together.
 */
@Injectable()
export class TenantTransactions {
  constructor(private readonly dataSource: DataSource) {}

  inOrg<T>(orgId: string, work: (tx: TenantTx) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }
}
