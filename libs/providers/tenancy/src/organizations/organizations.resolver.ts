import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  checkUuid,
  CurrentCaller,
  NotFoundError,
  requirePermission,
  requireUser,
  type Caller,
} from '@meshplane/graphql';
import { NamedListArgs } from '../common/named-list.args.js';
import { TenancyDirectory } from '../directory/tenancy-directory.service.js';
import { CreateOrganizationInput, UpdateOrganizationInput } from './dto/organization.input.js';
import { Organization, OrganizationConnection } from './models/organization.model.js';
import { pageOfOrganizations, toOrganization } from './my-organizations.js';
import { OrganizationsService } from './organizations.service.js';

@Resolver(() => Organization)
export class OrganizationsResolver {
  constructor(
    private readonly organizationsService: OrganizationsService,
    private readonly directory: TenancyDirectory,
  ) {}

  @Query(() => OrganizationConnection, { description: 'The organizations the caller belongs to.' })
  async organizations(
    @CurrentCaller() caller: Caller,
    @Args() args: NamedListArgs,
  ): Promise<OrganizationConnection> {
    const userId = requireUser(caller);
    return pageOfOrganizations(await this.organizationsService.listForUser(userId), args);
  }

  @Query(() => Organization, { description: 'One organization the caller belongs to.' })
  async organization(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Organization> {
    const userId = requireUser(caller);
    const orgId = checkUuid(id, 'id');
    const role = await this.directory.roleIn(userId, orgId);
    // Not a member: the organization does not exist as far as this caller can tell.
    if (!role) throw new NotFoundError('Organization');
    return toOrganization({ organization: await this.organizationsService.get(orgId), role });
  }

  @Mutation(() => Organization, {
    description: 'A new organization owned by the caller, with a default workspace and environment.',
  })
  async createOrganization(
    @CurrentCaller() caller: Caller,
    @Args('input') input: CreateOrganizationInput,
  ): Promise<Organization> {
    const userId = requireUser(caller);
    const organization = await this.organizationsService.createOrganization({
      name: input.name,
      ownerUserId: userId,
    });
    return toOrganization({ organization, role: 'owner' });
  }

  @Mutation(() => Organization, { description: 'Renames the current organization (admins and owners).' })
  async updateOrganization(
    @CurrentCaller() caller: Caller,
    @Args('input') input: UpdateOrganizationInput,
  ): Promise<Organization> {
    const orgId = currentOrganization(requirePermission(caller, 'org:manage'), input.id);
    const organization = await this.organizationsService.rename(orgId, input.name);
    return toOrganization({ organization, role: await this.roleOf(caller, orgId) });
  }

  @Mutation(() => Organization, { description: 'Deletes the current organization (owners only).' })
  async deleteOrganization(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Organization> {
    const orgId = currentOrganization(requirePermission(caller, 'org:delete'), id);
    const role = await this.roleOf(caller, orgId);
    return toOrganization({ organization: await this.organizationsService.delete(orgId), role });
  }

  private async roleOf(caller: Caller, orgId: string) {
    const role = await this.directory.roleIn(requireUser(caller), orgId);
    if (!role) throw new NotFoundError('Organization');
    return role;
  }
}

/** Mutations act on the caller's organization only; any other id is, to this caller, one that does not exist. */
function currentOrganization(callerOrgId: string, id: string): string {
  if (checkUuid(id, 'id') !== callerOrgId.toLowerCase()) throw new NotFoundError('Organization');
  return callerOrgId;
}
