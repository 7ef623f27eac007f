import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { checkEmail, CurrentCaller, requirePermission, requireUser, type Caller } from '@meshplane/graphql';
import { MemberRole, roleOf } from '../common/member-role.enum.js';
import { TenancyDirectory } from '../directory/tenancy-directory.service.js';
import { Organization } from '../organizations/models/organization.model.js';
import { toOrganization } from '../organizations/my-organizations.js';
import { InvitationsArgs } from './dto/invitations.args.js';
import { InvitationsService } from './invitations.service.js';
import { CreatedInvitation, Invitation, InvitationConnection } from './models/invitation.model.js';

@Resolver(() => Invitation)
export class InvitationsResolver {
  constructor(
    private readonly invitationsService: InvitationsService,
    private readonly directory: TenancyDirectory,
  ) {}

  @Query(() => InvitationConnection, { description: "The current organization's invitations, newest first." })
  invitations(@CurrentCaller() caller: Caller, @Args() args: InvitationsArgs): Promise<InvitationConnection> {
    return this.invitationsService.list(requirePermission(caller, 'members:manage'), args);
  }

  @Mutation(() => CreatedInvitation, {
    description: 'Invites an email address; the token in the answer is shown this once.',
  })
  inviteMember(
    @CurrentCaller() caller: Caller,
    @Args('email') email: string,
    @Args('role', { type: () => MemberRole, nullable: true }) role?: MemberRole | null,
  ): Promise<CreatedInvitation> {
    const orgId = requirePermission(caller, 'members:manage');
    return this.invitationsService.invite({
      orgId,
      actorUserId: requireUser(caller),
      email: checkEmail(email, 'email'),
      ...(role ? { role: roleOf(role) } : {}),
    });
  }

  @Mutation(() => Invitation)
  revokeInvitation(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Invitation> {
    const orgId = requirePermission(caller, 'members:manage');
    return this.invitationsService.revoke(orgId, requireUser(caller), id);
  }

  @Mutation(() => Organization, { description: 'The caller joins the organization the invitation is for.' })
  async acceptInvitation(
    @CurrentCaller() caller: Caller,
    @Args('token') token: string,
  ): Promise<Organization> {
    const userId = requireUser(caller);
    const organization = await this.invitationsService.accept(userId, token);
    const role = await this.directory.roleIn(userId, organization.id);
    return toOrganization({ organization, role: role ?? 'viewer' });
  }
}
