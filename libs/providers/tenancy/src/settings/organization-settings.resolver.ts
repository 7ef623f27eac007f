import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requirePermission, type Caller } from '@meshplane/graphql';
import { UpdateOrganizationSettingsInput } from './dto/organization-settings.input.js';
import { OrganizationSettings } from './models/organization-settings.model.js';
import { OrganizationSettingsService } from './organization-settings.service.js';

@Resolver(() => OrganizationSettings)
export class OrganizationSettingsResolver {
  constructor(private readonly settings: OrganizationSettingsService) {}

  @Query(() => OrganizationSettings)
  organizationSettings(@CurrentCaller() caller: Caller): Promise<OrganizationSettings> {
    return this.settings.get(requirePermission(caller, 'org:read'));
  }

  @Mutation(() => OrganizationSettings)
  updateOrganizationSettings(
    @CurrentCaller() caller: Caller,
    @Args('input') input: UpdateOrganizationSettingsInput,
  ): Promise<OrganizationSettings> {
    return this.settings.update(requirePermission(caller, 'org:manage'), input);
  }
}
