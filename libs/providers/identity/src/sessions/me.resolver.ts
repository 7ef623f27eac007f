import { Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requireUser, UnauthenticatedError, type Caller } from '@meshplane/graphql';
import { TenancyDirectory, UsersService } from '@meshplane/providers-tenancy';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { Me } from './models/me.model.js';

@Resolver(() => Me)
export class MeResolver {
  constructor(
    private readonly users: UsersService,
    private readonly identities: IdentitiesRepository,
    private readonly directory: TenancyDirectory,
  ) {}

  @Query(() => Me, { description: 'Who you are: your identities, organizations and roles.' })
  async me(@CurrentCaller() caller: Caller): Promise<Me> {
    const userId = requireUser(caller);
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthenticatedError('Your account no longer exists');
    const [identities, memberships] = await Promise.all([
      this.identities.listForUser(userId),
      this.directory.membershipsOf(userId),
    ]);
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      identities: identities.map((identity) => ({
        provider: identity.provider,
        subject: identity.subject,
        email: identity.email,
        lastLoginAt: identity.lastLoginAt,
      })),
      memberships: memberships.map((m) => ({ organizationId: m.orgId, role: m.role })),
      currentOrganizationId: caller.orgId ?? null,
      roles: caller.roles,
      platformOperator: caller.platformOperator === true,
    };
  }
}
