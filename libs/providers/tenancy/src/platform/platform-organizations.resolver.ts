import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requirePlatformOperator, type Caller } from '@meshplane/graphql';
import { PlatformOrganizationsArgs, SuspendOrganizationInput } from './dto/platform-organizations.args.js';
import {
  PlatformOrganization,
  PlatformOrganizationConnection,
} from './models/platform-organization.model.js';
import { PlatformOrganizationsService } from './platform-organizations.service.js';

/** The platform operator's view of every organization. Each field checks the operator role before anything else. */
@Resolver(() => PlatformOrganization)
export class PlatformOrganizationsResolver {
  constructor(private readonly platform: PlatformOrganizationsService) {}

  @Query(() => PlatformOrganizationConnection, {
    description:
      'Every organization of the platform with its counts and suspension (platform operators only).',
  })
  platformOrganizations(
    @CurrentCaller() caller: Caller,
    @Args() args: PlatformOrganizationsArgs,
  ): Promise<PlatformOrganizationConnection> {
    requirePlatformOperator(caller);
    return this.platform.list(args);
  }

  @Mutation(() => PlatformOrganization, {
    description:
      "Suspends an organization: its members' requests are refused until it is resumed (platform operators only).",
  })
  suspendOrganization(
    @CurrentCaller() caller: Caller,
    @Args('input') input: SuspendOrganizationInput,
  ): Promise<PlatformOrganization> {
    const operatorId = requirePlatformOperator(caller);
    return this.platform.suspend(input.id, operatorId, input.reason);
  }

  @Mutation(() => PlatformOrganization, {
    description: 'Lifts the suspension of an organization (platform operators only).',
  })
  resumeOrganization(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<PlatformOrganization> {
    const operatorId = requirePlatformOperator(caller);
    return this.platform.resume(id, operatorId);
  }
}
