import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requireOrg, requirePermission, requireUser, type Caller } from '@meshplane/graphql';
import { MemberRole, roleOf } from '../common/member-role.enum.js';
import { MembersArgs } from './dto/members.args.js';
import { MembersService } from './members.service.js';
import { Member, MemberConnection } from './models/member.model.js';

@Resolver(() => Member)
export class MembersResolver {
  constructor(private readonly membersService: MembersService) {}

  @Query(() => MemberConnection, { description: "The current organization's members." })
  members(@CurrentCaller() caller: Caller, @Args() args: MembersArgs): Promise<MemberConnection> {
    return this.membersService.list(requirePermission(caller, 'members:read'), args);
  }

  @Mutation(() => Member, {
    description:
      'Admins change roles; only owners grant, change or remove the owner role; the last owner stays.',
  })
  changeMemberRole(
    @CurrentCaller() caller: Caller,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role', { type: () => MemberRole }) role: MemberRole,
  ): Promise<Member> {
    const orgId = requirePermission(caller, 'members:manage');
    return this.membersService.changeRole(orgId, requireUser(caller), userId, roleOf(role));
  }

  @Mutation(() => Member, { description: 'Removes a member (admins and owners; owners only for owners).' })
  removeMember(
    @CurrentCaller() caller: Caller,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<Member> {
    const orgId = requirePermission(caller, 'members:manage');
    return this.membersService.remove(orgId, requireUser(caller), userId);
  }

  @Mutation(() => Member, { description: 'The caller leaves the current organization (not its last owner).' })
  leaveOrganization(@CurrentCaller() caller: Caller): Promise<Member> {
    const orgId = requireOrg(caller);
    return this.membersService.leave(orgId, requireUser(caller));
  }
}
