import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '@meshplane/database';
import { checkDescription, checkName, checkUuid, type Connection } from '@meshplane/graphql';
import type { NamedListArgs } from '../common/named-list.args.js';
import { namedPage } from '../common/named-list.js';
import { uniqueAs } from '../common/unique-violation.js';
import { EnvironmentEntity } from '../entities/environment.entity.js';
import { existingEnvironment } from './environment.lookup.js';
import { pruneDefaults } from '../settings/organization-defaults.js';
import { existingWorkspace } from '../workspaces/workspace.lookup.js';
import type { CreateEnvironmentInput, UpdateEnvironmentInput } from './dto/environment.input.js';
import type { Environment } from './models/environment.model.js';

const UNIQUE_NAME = 'ux_environments_workspace_name';

@Injectable()
export class EnvironmentsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(orgId: string, workspaceId: string, args: NamedListArgs): Promise<Connection<Environment>> {
    const workspace = checkUuid(workspaceId, 'workspaceId');
    return withTenant(this.dataSource, orgId, async (manager) => {
      await existingWorkspace(manager, workspace);
      return namedPage(
        () =>
          manager
            .createQueryBuilder(EnvironmentEntity, 'e')
            .where('e.workspaceId = :workspace', { workspace }),
        args,
        toEnvironment,
      );
    });
  }

  async get(orgId: string, id: string): Promise<Environment> {
    const environmentId = checkUuid(id, 'id');
    return withTenant(this.dataSource, orgId, async (manager) =>
      toEnvironment(await existingEnvironment(manager, environmentId)),
    );
  }

  async create(orgId: string, input: CreateEnvironmentInput): Promise<Environment> {
    const workspaceId = checkUuid(input.workspaceId, 'workspaceId');
    const name = checkName(input.name, 'name');
    const description = checkDescription(input.description, 'description');
    const environment = { id: randomUUID(), orgId, workspaceId, name, description };
    return uniqueAs(UNIQUE_NAME, 'name', () =>
      withTenant(this.dataSource, orgId, async (manager) => {
        await existingWorkspace(manager, workspaceId);
        await manager.insert(EnvironmentEntity, environment);
        return toEnvironment(await existingEnvironment(manager, environment.id));
      }),
    );
  }

  async update(orgId: string, input: UpdateEnvironmentInput): Promise<Environment> {
    const id = checkUuid(input.id, 'id');
    const changes = {
      ...(input.name === null || input.name === undefined ? {} : { name: checkName(input.name, 'name') }),
      ...(input.description === undefined
        ? {}
        : { description: checkDescription(input.description, 'description') }),
    };
    return uniqueAs(UNIQUE_NAME, 'name', () =>
      withTenant(this.dataSource, orgId, async (manager) => {
        const environment = await existingEnvironment(manager, id);
        if (Object.keys(changes).length > 0) await manager.update(EnvironmentEntity, { id }, changes);
        return toEnvironment({ ...environment, ...changes });
      }),
    );
  }

  async delete(orgId: string, id: string): Promise<Environment> {
    const environmentId = checkUuid(id, 'id');
    return withTenant(this.dataSource, orgId, async (manager) => {
      const environment = await existingEnvironment(manager, environmentId);
      await manager.delete(EnvironmentEntity, { id: environmentId });
      await pruneDefaults(manager, orgId);
      return toEnvironment(environment);
    });
  }
}

function toEnvironment(entity: EnvironmentEntity): Environment {
  return {
    id: entity.id,
    workspaceId: entity.workspaceId,
    name: entity.name,
    description: entity.description,
    createdAt: entity.createdAt,
  };
}
