import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { NamedListArgs } from '../common/named-list.args.js';
import { namedPage } from '../common/named-list.js';
import { TenantTransactions } from '../common/tenant-transactions.js';
import { uniqueAs } from '../common/unique-violation.js';
import type { WorkspaceEntity } from '../entities/workspace.entity.js';
import { OrganizationDefaultsRules } from '../settings/organization-defaults.js';
import { existingWorkspace } from './workspace.lookup.js';
import { WorkspacesRepository } from './workspaces.repository.js';
import type { CreateWorkspaceInput, UpdateWorkspaceInput } from './dto/workspace.input.js';
import type { Workspace } from './models/workspace.model.js';
import { checkDescription, checkName, checkUuid, type Connection } from '@meshplane/graphql';

const UNIQUE_NAME = 'ux_workspaces_org_name';

@Injectable()
export class WorkspacesService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly workspaces: WorkspacesRepository,
    private readonly defaults: OrganizationDefaultsRules,
  ) {}

  list(orgId: string, args: NamedListArgs): Promise<Connection<Workspace>> {
    return this.transactions.inOrg(orgId, (tx) =>
      namedPage(() => this.workspaces.listQuery(tx), args, toWorkspace),
    );
  }

  async get(orgId: string, id: string): Promise<Workspace> {
    const workspaceId = checkUuid(id, 'id');
    return this.transactions.inOrg(orgId, async (tx) =>
      toWorkspace(await existingWorkspace(this.workspaces, tx, workspaceId)),
    );
  }

  async create(orgId: string, input: CreateWorkspaceInput): Promise<Workspace> {
    const name = checkName(input.name, 'name');
    const description = checkDescription(input.description, 'description');
    const workspace = { id: randomUUID(), orgId, name, description };
    return uniqueAs(UNIQUE_NAME, 'name', () =>
      this.transactions.inOrg(orgId, async (tx) => {
        await this.workspaces.insert(tx, workspace);
        return toWorkspace(await existingWorkspace(this.workspaces, tx, workspace.id));
      }),
    );
  }

  async update(orgId: string, input: UpdateWorkspaceInput): Promise<Workspace> {
    const id = checkUuid(input.id, 'id');
    const changes = {
      ...(input.name === null || input.name === undefined ? {} : { name: checkName(input.name, 'name') }),
      ...(input.description === undefined
        ? {}
        : { description: checkDescription(input.description, 'description') }),
    };
    return uniqueAs(UNIQUE_NAME, 'name', () =>
      this.transactions.inOrg(orgId, async (tx) => {
        const workspace = await existingWorkspace(this.workspaces, tx, id);
        if (Object.keys(changes).length > 0) await this.workspaces.update(tx, id, changes);
        return toWorkspace({ ...workspace, ...changes });
      }),
    );
  }

  /** Deletes the workspace with its environments; organization defaults pointing at them are cleared. */
  async delete(orgId: string, id: string): Promise<Workspace> {
    const workspaceId = checkUuid(id, 'id');
    return this.transactions.inOrg(orgId, async (tx) => {
      const workspace = await existingWorkspace(this.workspaces, tx, workspaceId);
      await this.workspaces.delete(tx, workspaceId);
      await this.defaults.prune(tx, orgId);
      return toWorkspace(workspace);
    });
  }
}

function toWorkspace(entity: WorkspaceEntity): Workspace {
  return {
    id: entity.id,
    name: entity.name,
    description: entity.description,
    createdAt: entity.createdAt,
  };
}
