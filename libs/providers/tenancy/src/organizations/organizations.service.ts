import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { checkName, checkUuid, NotFoundError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { TenantTransactions, type TenantTx } from '../common/tenant-transactions.js';
import type { OrganizationEntity } from '../entities/organization.entity.js';
import { TenancyDirectory } from '../directory/tenancy-directory.service.js';
import { EnvironmentsRepository } from '../environments/environments.repository.js';
import { MembershipsRepository } from '../members/memberships.repository.js';
import { OrganizationSettingsRepository } from '../settings/organization-settings.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import type { OrganizationWithRole } from './my-organizations.js';
import { liveOrganization } from './organization.lookup.js';
import { slugBase, suffixedSlug } from './organization-slug.js';
import { OrganizationsRepository } from './organizations.repository.js';

export interface CreateOrganizationInput {
  name: string;
  ownerUserId: string;
}

const DEFAULT_NAME = 'default';
const SLUG_ATTEMPTS = 5;

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly environments: EnvironmentsRepository,
    private readonly settings: OrganizationSettingsRepository,
    private readonly directory: TenancyDirectory,
    private readonly clock: Clock,
  ) {}

  /**
   * A ready-to-use organization in one transaction: the organization, its owner, a "default" workspace with a
   * "default" environment, and settings pointing at them (invitations default to the member role).
   */
  async createOrganization(input: CreateOrganizationInput): Promise<OrganizationEntity> {
    const name = checkName(input.name, 'name');
    const ownerUserId = checkUuid(input.ownerUserId, 'ownerUserId');
    if (!(await this.users.exists(ownerUserId))) throw new NotFoundError('User');
    const id = randomUUID();
    return this.transactions.inOrg(id, async (tx) => {
      const organization = await this.insertWithFreeSlug(tx, id, name);
      await this.memberships.insert(tx, { orgId: id, userId: ownerUserId, role: 'owner' });
      const workspaceId = randomUUID();
      const environmentId = randomUUID();
      await this.workspaces.insert(tx, { id: workspaceId, orgId: id, name: DEFAULT_NAME });
      await this.environments.insert(tx, { id: environmentId, orgId: id, workspaceId, name: DEFAULT_NAME });
      const defaults = {
        defaultWorkspaceId: workspaceId,
        defaultEnvironmentId: environmentId,
        defaultInvitationRole: 'member' as const,
      };
      await this.settings.save(tx, id, defaults, this.clock.now());
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
    return this.transactions.inOrg(orgId, (tx) => liveOrganization(this.organizations, tx, orgId));
  }

  async rename(orgId: string, newName: string): Promise<OrganizationEntity> {
    const name = checkName(newName, 'name');
    return this.transactions.inOrg(orgId, async (tx) => {
      const organization = await liveOrganization(this.organizations, tx, orgId);
      await this.organizations.rename(tx, organization.id, name);
      return { ...organization, name };
    });
  }

  /**
   * Soft delete: the organization disappears from every listing and membership lookup at once, while its rows
   * stay for audit and for the other services' clean-up.
   */
  async delete(orgId: string): Promise<OrganizationEntity> {
    return this.transactions.inOrg(orgId, async (tx) => {
      const organization = await liveOrganization(this.organizations, tx, orgId);
      const deletedAt = this.clock.now();
      await this.organizations.markDeleted(tx, organization.id, deletedAt);
      return { ...organization, deletedAt };
    });
  }

  /** The slug of the name, or with a random suffix when another organization has it already. */
  private async insertWithFreeSlug(tx: TenantTx, id: string, name: string): Promise<OrganizationEntity> {
    const base = slugBase(name);
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt += 1) {
      const slug = attempt === 0 ? base : suffixedSlug(base);
      const organization = await this.organizations.insertIfSlugFree(tx, { id, name, slug });
      if (organization) return organization;
    }
    throw new Error(`no free slug for organization after ${SLUG_ATTEMPTS} attempts`);
  }
}
