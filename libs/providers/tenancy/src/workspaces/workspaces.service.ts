import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '@meshplane/database';
import { checkDescription, checkName, checkUuid, type Connection } from '@meshplane/graphql';
import type { NamedListArgs } from '../common/named-list.args.js';
import { namedPage } from '../common/named-list.js';
import { uniqueAs } from '../common/unique-violation.js';
import { WorkspaceEntity } from '../entities/workspace.entity.js';
import { existingWorkspace } from './workspace.lookup.js';
import { pruneDefaults } from '../settings/organization-defaults.js';
import type { CreateWorkspaceInput, UpdateWorkspaceInput } from './dto/workspace.input.js';
import type { Workspace } from './models/workspace.model.js';

const UNIQUE_NAME = 'ux_workspaces_org_name';

@Injectable()
export class WorkspacesService {
  constructor(private readonly dataSource: DataSource) {}

  list(orgId: string, args: NamedListArgs): Promise<Connection<Workspace>> {
    return withTenant(this.dataSource, orgId, (manager) =>
      namedPage(() => manager.createQueryBuilder(WorkspaceEntity, 'e'), args, toWorkspace),
    );
  }

  async get(orgId: string, id: string): Promise<Workspace> {
    const workspaceId = checkUuid(id, 'id');
    return withTenant(this.dataSource, orgId, async (manager) =>
      toWorkspace(await existingWorkspace(manager, workspaceId)),
    );
  }

  async create(orgId: string, input: CreateWorkspaceInput): Promise<Workspace> {
    const name = checkName(input.name, 'name');
    const description = checkDescription(input.description, 'description');
    const workspace = { id: randomUUID(), orgId, name, description };
    return uniqueAs(UNIQUE_NAME, 'name', () =>
      withTenant(this.dataSource, orgId, async (manager) => {
        await manager.insert(WorkspaceEntity, workspace);
        return toWorkspace(await existingWorkspace(manager, workspace.id));
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
      withTenant(this.dataSource, orgId, async (manager) => {
        const workspace = await existingWorkspace(manager, id);
        if (Object.keys(changes).length > 0) await manager.update(WorkspaceEntity, { id }, changes);
        return toWorkspace({ ...workspace, ...changes });
      }),
    );
  }

  /** Deletes the workspace with its environments; organization defaults pointing at them are cleared. */
  async delete(orgId: string, id: string): Promise<Workspace> {
    const workspaceId = checkUuid(id, 'id');
    return withTenant(this.dataSource, orgId, async (manager) => {
      const workspace = await existingWorkspace(manager, workspaceId);
      await manager.delete(WorkspaceEntity, { id: workspaceId });
      await pruneDefaults(manager, orgId);
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
