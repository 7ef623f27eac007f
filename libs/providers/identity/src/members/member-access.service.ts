import { Injectable } from '@nestjs/common';
import { checkUuid, ForbiddenError, NotFoundError, ValidationFailedError } from '@meshplane/graphql';
import { TenancyDirectory, UsersService } from '@meshplane/providers-tenancy';
import { ApiTokensRepository } from '../api-tokens/api-tokens.repository.js';
import { Clock } from '@meshplane/runtime';
import { PlatformOperatorsService } from '../operators/platform-operators.service.js';
import { RefreshTokensService } from '../tokens/refresh-tokens.service.js';

/**
 * Owners disabling and enabling a member's account. An account is global (one person, every organization they
 * belong to), so an owner may switch it off only when they own every organization it belongs to: the owner of one
 * organization must not lock someone out of another (they remove the member from theirs instead). A platform
 * operator's account is never disabled this way. Disabling ends every session and API token of the account at
 * once (the gateway refuses them within AUTH_CACHE_MAX_AGE_MS, open streams end at the next recheck); enabling
 * brings none of them back.
 */
@Injectable()
export class MemberAccessService {
  constructor(
    private readonly directory: TenancyDirectory,
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly apiTokens: ApiTokensRepository,
    private readonly operators: PlatformOperatorsService,
    private readonly clock: Clock,
  ) {}

  async disable(orgId: string, actorUserId: string, targetUserId: string): Promise<void> {
    const target = await this.assertMayManage(orgId, actorUserId, targetUserId);
    if (await this.operators.isOperator(target)) {
      throw new ForbiddenError('A platform operator cannot be disabled by an organization owner', {
        reason: 'PLATFORM_OPERATOR',
      });
    }
    await this.users.setDisabled(target, true);
    await this.refreshTokens.revokeSessionsOfUser(target);
    const at = this.clock.now();
    for (const membership of await this.directory.membershipsOf(target)) {
      await this.apiTokens.revokeAllOfUser(membership.orgId, target, at);
    }
  }

  async enable(orgId: string, actorUserId: string, targetUserId: string): Promise<void> {
    await this.users.setDisabled(await this.assertMayManage(orgId, actorUserId, targetUserId), false);
  }

  private async assertMayManage(orgId: string, actorUserId: string, targetUserId: string): Promise<string> {
    const target = checkUuid(targetUserId, 'userId');
    // Decided on the roles stored now, not on the signed context, which may predate a demotion.
    if ((await this.directory.roleIn(actorUserId, orgId)) !== 'owner') {
      throw new ForbiddenError('Only owners may disable or enable a member', {
        permission: 'members:disable',
      });
    }
    const memberships = await this.directory.membershipsOf(target);
    if (!memberships.some((m) => m.orgId === orgId)) throw new NotFoundError('Member');
    if (target === actorUserId)
      throw new ValidationFailedError('userId', 'you cannot disable your own account');
    const owned = new Set(
      (await this.directory.membershipsOf(actorUserId)).filter((m) => m.role === 'owner').map((m) => m.orgId),
    );
    if (memberships.some((m) => !owned.has(m.orgId))) {
      throw new ForbiddenError(
        'This member also belongs to organizations you do not own: remove them from yours (removeMember) instead',
        { reason: 'MEMBER_OF_OTHER_ORGANIZATIONS' },
      );
    }
    return target;
  }
}
