import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { NamedListArgs } from '../common/named-list.args.js';
import { namedPage } from '../common/named-list.js';
import { TenantTransactions } from '../common/tenant-transactions.js';
import { uniqueAs } from '../common/unique-violation.js';
import type { EnvironmentEntity } from '../entities/environment.entity.js';
import { OrganizationDefaultsRules } from '../settings/organization-defaults.js';
import { existingWorkspace } from '../workspaces/workspace.lookup.js';
import { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import { existingEnvironment } from './environment.lookup.js';
import { EnvironmentsRepository } from './environments.repository.js';
import type { CreateEnvironmentInput, UpdateEnvironmentInput } from './dto/environment.input.js';
import type { Environment } from './models/environment.model.js';
import { checkDescription, checkName, checkUuid, type Connection } from '@meshplane/graphql';

const UNIQUE_NAME = 'ux_environments_workspace_name';

@Injectable()
export class EnvironmentsService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly environments: EnvironmentsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly defaults: OrganizationDefaultsRules,
  ) {}

  async list(orgId: string, workspaceId: string, args: NamedListArgs): Promise<Connection<Environment>> {
    const workspace = checkUuid(workspaceId, 'workspaceId');
    return this.transactions.inOrg(orgId, async (tx) => {
      await existingWorkspace(this.workspaces, tx, workspace);
      return namedPage(() => this.environments.listQuery(tx, workspace), args, toEnvironment);
    });
  }

  async get(orgId: string, id: string): Promise<Environment> {
    const environmentId = checkUuid(id, 'id');
    return this.transactions.inOrg(orgId, async (tx) =>
      toEnvironment(await existingEnvironment(this.environments, tx, environmentId)),
    );
  }

  async create(orgId: string, input: CreateEnvironmentInput): Promise<Environment> {
    const workspaceId = checkUuid(input.workspaceId, 'workspaceId');
    const name = checkName(input.name, 'name');
    const description = checkDescription(input.description, 'description');
    const environment = { id: randomUUID(), orgId, workspaceId, name, description };
    return uniqueAs(UNIQUE_NAME, 'name', () =>
      this.transactions.inOrg(orgId, async (tx) => {
        await existingWorkspace(this.workspaces, tx, workspaceId);
        await this.environments.insert(tx, environment);
        return toEnvironment(await existingEnvironment(this.environments, tx, environment.id));
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
      this.transactions.inOrg(orgId, async (tx) => {
        const environment = await existingEnvironment(this.environments, tx, id);
        if (Object.keys(changes).length > 0) await this.environments.update(tx, id, changes);
        return toEnvironment({ ...environment, ...changes });
      }),
    );
  }

  async delete(orgId: string, id: string): Promise<Environment> {
    const environmentId = checkUuid(id, 'id');
    return this.transactions.inOrg(orgId, async (tx) => {
      const environment = await existingEnvironment(this.environments, tx, environmentId);
      await this.environments.delete(tx, environmentId);
      await this.defaults.prune(tx, orgId);
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
