import type { EntityManager } from 'typeorm';
import { ValidationFailedError } from '@meshplane/graphql';
import { EnvironmentEntity } from '../entities/environment.entity.js';
import {
  OrganizationSettingsEntity,
  type OrganizationDefaults,
} from '../entities/organization-settings.entity.js';
import { WorkspaceEntity } from '../entities/workspace.entity.js';
import { existingEnvironment } from '../environments/environment.lookup.js';
import { existingWorkspace } from '../workspaces/workspace.lookup.js';

/** The organization's defaults (empty when it has no settings row yet). */
export async function defaultsOf(manager: EntityManager): Promise<OrganizationDefaults> {
  const [settings] = await manager.find(OrganizationSettingsEntity, { take: 1 });
  return settings?.defaults ?? {};
}

/** Drops defaults that point at a workspace or environment which no longer exists (after a delete). */
export async function pruneDefaults(manager: EntityManager, orgId: string): Promise<void> {
  const defaults = { ...(await defaultsOf(manager)) };
  const { defaultWorkspaceId: workspaceId, defaultEnvironmentId: environmentId } = defaults;
  let changed = false;
  if (workspaceId && !(await manager.existsBy(WorkspaceEntity, { id: workspaceId }))) {
    delete defaults.defaultWorkspaceId;
    changed = true;
  }
  if (environmentId && !(await manager.existsBy(EnvironmentEntity, { id: environmentId }))) {
    delete defaults.defaultEnvironmentId;
    changed = true;
  }
  if (changed) await saveDefaults(manager, orgId, defaults);
}

export async function assertConsistent(
  manager: EntityManager,
  defaults: OrganizationDefaults,
): Promise<void> {
  if (defaults.defaultWorkspaceId) await existingWorkspace(manager, defaults.defaultWorkspaceId);
  if (!defaults.defaultEnvironmentId) return;
  const environment = await existingEnvironment(manager, defaults.defaultEnvironmentId);
  if (environment.workspaceId !== defaults.defaultWorkspaceId) {
    throw new ValidationFailedError('defaultEnvironmentId', 'must belong to the default workspace');
  }
}

export async function saveDefaults(manager: EntityManager, orgId: string, defaults: OrganizationDefaults) {
  await manager.upsert(OrganizationSettingsEntity, { orgId, defaults, updatedAt: new Date() }, ['orgId']);
}
