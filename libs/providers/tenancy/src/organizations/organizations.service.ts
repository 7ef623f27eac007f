import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { checkName, checkUuid, NotFoundError } from '@meshplane/graphql';
import { withTenant } from '@meshplane/database';
import { EnvironmentEntity } from '../entities/environment.entity.js';
import { MembershipEntity } from '../entities/membership.entity.js';
import { OrganizationSettingsEntity } from '../entities/organization-settings.entity.js';
import { OrganizationEntity } from '../entities/organization.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { WorkspaceEntity } from '../entities/workspace.entity.js';
import { TenancyDirectory } from '../directory/tenancy-directory.service.js';
import type { OrganizationWithRole } from './my-organizations.js';
import { slugBase, suffixedSlug } from './organization-slug.js';

export interface CreateOrganizationInput {
  name: string;
  ownerUserId: string;
}

const DEFAULT_NAME = 'default';
const SLUG_ATTEMPTS = 5;

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: TenancyDirectory,
  ) {}

  /**
   * A ready-to-use organization in one transaction: the organization, its owner, a "default" workspace with a
   * "default" environment, and settings pointing at them (invitations default to the member role).
   */
  async createOrganization(input: CreateOrganizationInput): Promise<OrganizationEntity> {
    const name = checkName(input.name, 'name');
    const ownerUserId = checkUuid(input.ownerUserId, 'ownerUserId');
    if (!(await this.dataSource.getRepository(UserEntity).existsBy({ id: ownerUserId }))) {
      throw new NotFoundError('User');
    }
    const id = randomUUID();
    return withTenant(this.dataSource, id, async (manager) => {
      const organization = await insertOrganization(manager, id, name);
      await manager.insert(MembershipEntity, { orgId: id, userId: ownerUserId, role: 'owner' });
      const workspaceId = randomUUID();
      const environmentId = randomUUID();
      await manager.insert(WorkspaceEntity, { id: workspaceId, orgId: id, name: DEFAULT_NAME });
      await manager.insert(EnvironmentEntity, {
        id: environmentId,
        orgId: id,
        workspaceId,
        name: DEFAULT_NAME,
      });
      await manager.insert(OrganizationSettingsEntity, {
        orgId: id,
        defaults: {
          defaultWorkspaceId: workspaceId,
          defaultEnvironmentId: environmentId,
          defaultInvitationRole: 'member',
        },
      });
      return organization;
    });
  }

  /** Each live organization `userId` belongs to, with their role there. */
  async listForUser(userId: string): Promise<OrganizationWithRole[]> {
    const memberships = await this.directory.membershipsOf(userId);
    return Promise.all(
      memberships.map(async ({ orgId, role }) => ({ organization: await this.get(orgId), role })),
    );
  }

  /** The live organization `orgId`, read under its own tenant. */
  async get(orgId: string): Promise<OrganizationEntity> {
    return withTenant(this.dataSource, orgId, (manager) => liveOrganization(manager, orgId));
  }

  async rename(orgId: string, newName: string): Promise<OrganizationEntity> {
    const name = checkName(newName, 'name');
    return withTenant(this.dataSource, orgId, async (manager) => {
      const organization = await liveOrganization(manager, orgId);
      await manager.update(OrganizationEntity, { id: organization.id }, { name });
      return { ...organization, name };
    });
  }

  /**
   * Soft delete: the organization disappears from every listing and membership lookup at once, while its rows
   * stay for audit and for the other services' clean-up.
   */
  async delete(orgId: string): Promise<OrganizationEntity> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const organization = await liveOrganization(manager, orgId);
      const deletedAt = new Date();
      await manager.update(OrganizationEntity, { id: organization.id }, { deletedAt });
      return { ...organization, deletedAt };
    });
  }
}

export async function liveOrganization(manager: EntityManager, orgId: string): Promise<OrganizationEntity> {
  const organization = await manager.findOneBy(OrganizationEntity, { id: orgId });
  if (!organization || organization.deletedAt !== null) throw new NotFoundError('Organization');
  return organization;
}

async function insertOrganization(
  manager: EntityManager,
  id: string,
  name: string,
): Promise<OrganizationEntity> {
  const base = slugBase(name);
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt += 1) {
    const slug = attempt === 0 ? base : suffixedSlug(base);
    // DO NOTHING rather than catching the violation: an error would abort the whole transaction.
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(OrganizationEntity)
      .values({ id, orgId: id, name, slug })
      .orIgnore()
      .returning(['id', 'created_at'])
      .execute();
    const row = (result.raw as { id: string; created_at: Date }[])[0];
    if (row)
      return Object.assign(new OrganizationEntity(), {
        id,
        orgId: id,
        name,
        slug,
        createdAt: row.created_at,
        deletedAt: null,
      });
  }
  throw new Error(`no free slug for organization after ${SLUG_ATTEMPTS} attempts`);
}
