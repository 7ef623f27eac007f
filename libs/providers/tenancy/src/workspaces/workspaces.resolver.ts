import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requirePermission, type Caller } from '@meshplane/graphql';
import { NamedListArgs } from '../common/named-list.args.js';
import { CreateWorkspaceInput, UpdateWorkspaceInput } from './dto/workspace.input.js';
import { Workspace, WorkspaceConnection } from './models/workspace.model.js';
import { WorkspacesService } from './workspaces.service.js';

@Resolver(() => Workspace)
export class WorkspacesResolver {
  constructor(private readonly workspacesService: WorkspacesService) {}

  @Query(() => WorkspaceConnection, { description: "The current organization's workspaces." })
  workspaces(@CurrentCaller() caller: Caller, @Args() args: NamedListArgs): Promise<WorkspaceConnection> {
    return this.workspacesService.list(requirePermission(caller, 'resources:read'), args);
  }

  @Query(() => Workspace)
  workspace(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<Workspace> {
    return this.workspacesService.get(requirePermission(caller, 'resources:read'), id);
  }

  @Mutation(() => Workspace)
  createWorkspace(
    @CurrentCaller() caller: Caller,
    @Args('input') input: CreateWorkspaceInput,
  ): Promise<Workspace> {
    return this.workspacesService.create(requirePermission(caller, 'resources:write'), input);
  }

  @Mutation(() => Workspace)
  updateWorkspace(
    @CurrentCaller() caller: Caller,
    @Args('input') input: UpdateWorkspaceInput,
  ): Promise<Workspace> {
    return this.workspacesService.update(requirePermission(caller, 'resources:write'), input);
  }

  @Mutation(() => Workspace, { description: 'Deletes a workspace and its environments.' })
  deleteWorkspace(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Workspace> {
    return this.workspacesService.delete(requirePermission(caller, 'resources:write'), id);
  }
}
