import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { TenantTx } from '../common/tenant-transactions.js';
import { EnvironmentEntity } from '../entities/environment.entity.js';

export type EnvironmentChanges = Partial<Pick<EnvironmentEntity, 'name' | 'description'>>;

/** The organization's environments, within a tenant transaction. */
@Injectable()
export class EnvironmentsRepository {
  /** The workspace's environments, as alias `e`, for a named page. */
  listQuery(tx: TenantTx, workspaceId: string): SelectQueryBuilder<EnvironmentEntity> {
    return tx
      .createQueryBuilder(EnvironmentEntity, 'e')
      .where('e.workspaceId = :workspaceId', { workspaceId });
  }

  find(tx: TenantTx, id: string): Promise<EnvironmentEntity | null> {
    return tx.findOneBy(EnvironmentEntity, { id });
  }

  exists(tx: TenantTx, id: string): Promise<boolean> {
    return tx.existsBy(EnvironmentEntity, { id });
  }

  async insert(
    tx: TenantTx,
    environment: Pick<EnvironmentEntity, 'id' | 'orgId' | 'workspaceId' | 'name'> & EnvironmentChanges,
  ): Promise<void> {
    await tx.insert(EnvironmentEntity, environment);
  }

  async update(tx: TenantTx, id: string, changes: EnvironmentChanges): Promise<void> {
    await tx.update(EnvironmentEntity, { id }, changes);
  }

  async delete(tx: TenantTx, id: string): Promise<void> {
    await tx.delete(EnvironmentEntity, { id });
  }
}
