import { NotFoundError } from '@meshplane/graphql';
import type { TenantTx } from '../common/tenant-transactions.js';
import type { WorkspaceEntity } from '../entities/workspace.entity.js';
import type { WorkspacesRepository } from './workspaces.repository.js';

/** Under row-level security another organization's workspace is simply absent: NOT_FOUND, never FORBIDDEN. */
export async function existingWorkspace(
  workspaces: WorkspacesRepository,
  tx: TenantTx,
  id: string,
): Promise<WorkspaceEntity> {
  const workspace = await workspaces.find(tx, id);
  if (!workspace) throw new NotFoundError('Workspace');
  return workspace;
}
