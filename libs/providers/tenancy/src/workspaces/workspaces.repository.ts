import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { TenantTx } from '../common/tenant-transactions.js';
import { WorkspaceEntity } from '../entities/workspace.entity.js';

export type WorkspaceChanges = Partial<Pick<WorkspaceEntity, 'name' | 'description'>>;

/** The organization's workspaces, within a tenant transaction (another organization's rows are invisible). */
@Injectable()
export class WorkspacesRepository {
  /** Every workspace, as alias `e`, for a named page. */
  listQuery(tx: TenantTx): SelectQueryBuilder<WorkspaceEntity> {
    return tx.createQueryBuilder(WorkspaceEntity, 'e');
  }

  find(tx: TenantTx, id: string): Promise<WorkspaceEntity | null> {
    return tx.findOneBy(WorkspaceEntity, { id });
  }

  exists(tx: TenantTx, id: string): Promise<boolean> {
    return tx.existsBy(WorkspaceEntity, { id });
  }

  async insert(tx: TenantTx, workspace: Pick<WorkspaceEntity, 'id' | 'orgId' | 'name'> & WorkspaceChanges) {
    await tx.insert(WorkspaceEntity, workspace);
  }

  async update(tx: TenantTx, id: string, changes: WorkspaceChanges): Promise<void> {
    await tx.update(WorkspaceEntity, { id }, changes);
  }

  /** Its environments go with it (foreign key cascade). */
  async delete(tx: TenantTx, id: string): Promise<void> {
    await tx.delete(WorkspaceEntity, { id });
  }
}
