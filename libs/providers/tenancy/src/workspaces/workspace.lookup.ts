import type { EntityManager } from 'typeorm';
import { NotFoundError } from '@meshplane/graphql';
import { WorkspaceEntity } from '../entities/workspace.entity.js';

/** Under row-level security another organization's workspace is simply absent: NOT_FOUND, never FORBIDDEN. */
export async function existingWorkspace(manager: EntityManager, id: string): Promise<WorkspaceEntity> {
  const workspace = await manager.findOneBy(WorkspaceEntity, { id });
  if (!workspace) throw new NotFoundError('Workspace');
  return workspace;
}
