import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import type { TenantTx } from '../common/tenant-transactions.js';
import type { OrganizationDefaults } from '../entities/organization-settings.entity.js';
import { existingEnvironment } from '../environments/environment.lookup.js';
import { EnvironmentsRepository } from '../environments/environments.repository.js';
import { existingWorkspace } from '../workspaces/workspace.lookup.js';
import { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import { OrganizationSettingsRepository } from './organization-settings.repository.js';

/** The rules of an organization's defaults, shared by the services whose changes affect them. */
@Injectable()
export class OrganizationDefaultsRules {
  constructor(
    private readonly settings: OrganizationSettingsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly environments: EnvironmentsRepository,
    private readonly clock: Clock,
  ) {}

  /** The organization's defaults (empty when it has no settings row yet). */
  defaultsOf(tx: TenantTx): Promise<OrganizationDefaults> {
    return this.settings.defaults(tx);
  }

  /** Drops defaults that point at a workspace or environment which no longer exists (after a delete). */
  async prune(tx: TenantTx, orgId: string): Promise<void> {
    const defaults = { ...(await this.settings.defaults(tx)) };
    const { defaultWorkspaceId: workspaceId, defaultEnvironmentId: environmentId } = defaults;
    let changed = false;
    if (workspaceId && !(await this.workspaces.exists(tx, workspaceId))) {
      delete defaults.defaultWorkspaceId;
      changed = true;
    }
    if (environmentId && !(await this.environments.exists(tx, environmentId))) {
      delete defaults.defaultEnvironmentId;
      changed = true;
    }
    if (changed) await this.save(tx, orgId, defaults);
  }

  /** The default environment belongs to the default workspace, and both exist in this organization. */
  async assertConsistent(tx: TenantTx, defaults: OrganizationDefaults): Promise<void> {
    if (defaults.defaultWorkspaceId)
      await existingWorkspace(this.workspaces, tx, defaults.defaultWorkspaceId);
    if (!defaults.defaultEnvironmentId) return;
    const environment = await existingEnvironment(this.environments, tx, defaults.defaultEnvironmentId);
    if (environment.workspaceId !== defaults.defaultWorkspaceId) {
      throw new ValidationFailedError('defaultEnvironmentId', 'must belong to the default workspace');
    }
  }

  save(tx: TenantTx, orgId: string, defaults: OrganizationDefaults): Promise<void> {
    return this.settings.save(tx, orgId, defaults, this.clock.now());
  }
}
