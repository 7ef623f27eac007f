import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requirePermission, requireUser, type Caller } from '@meshplane/graphql';
import { MemberAccessService } from './member-access.service.js';

@Resolver()
export class MemberAccessResolver {
  constructor(private readonly access: MemberAccessService) {}

  @Mutation(() => Boolean, {
    description:
      "Owners only: switches a member's account off. Sign-in is refused and every session and API token of the " +
      'account ends. Refused (FORBIDDEN, MEMBER_OF_OTHER_ORGANIZATIONS) when the member also belongs to an ' +
      'organization you do not own: remove them from yours instead.',
  })
  async disableMember(
    @CurrentCaller() caller: Caller,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<boolean> {
    const orgId = requirePermission(caller, 'members:manage');
    await this.access.disable(orgId, requireUser(caller), userId);
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      'Owners only: lets a disabled member sign in again (their ended sessions and API tokens stay ended).',
  })
  async enableMember(
    @CurrentCaller() caller: Caller,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<boolean> {
    const orgId = requirePermission(caller, 'members:manage');
    await this.access.enable(orgId, requireUser(caller), userId);
    return true;
  }
}
