import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requirePermission, type Caller } from '@meshplane/graphql';
import { NamedListArgs } from '../common/named-list.args.js';
import { CreateEnvironmentInput, UpdateEnvironmentInput } from './dto/environment.input.js';
import { EnvironmentsService } from './environments.service.js';
import { Environment, EnvironmentConnection } from './models/environment.model.js';

@Resolver(() => Environment)
export class EnvironmentsResolver {
  constructor(private readonly environmentsService: EnvironmentsService) {}

  @Query(() => EnvironmentConnection, { description: 'The environments of one workspace.' })
  environments(
    @CurrentCaller() caller: Caller,
    @Args('workspaceId', { type: () => ID }) workspaceId: string,
    @Args() args: NamedListArgs,
  ): Promise<EnvironmentConnection> {
    return this.environmentsService.list(requirePermission(caller, 'resources:read'), workspaceId, args);
  }

  @Query(() => Environment)
  environment(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Environment> {
    return this.environmentsService.get(requirePermission(caller, 'resources:read'), id);
  }

  @Mutation(() => Environment)
  createEnvironment(
    @CurrentCaller() caller: Caller,
    @Args('input') input: CreateEnvironmentInput,
  ): Promise<Environment> {
    return this.environmentsService.create(requirePermission(caller, 'resources:write'), input);
  }

  @Mutation(() => Environment)
  updateEnvironment(
    @CurrentCaller() caller: Caller,
    @Args('input') input: UpdateEnvironmentInput,
  ): Promise<Environment> {
    return this.environmentsService.update(requirePermission(caller, 'resources:write'), input);
  }

  @Mutation(() => Environment)
  deleteEnvironment(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Environment> {
    return this.environmentsService.delete(requirePermission(caller, 'resources:write'), id);
  }
}
