import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@meshplane/auth';
import { withTenant } from '@meshplane/database';
import { checkUuid } from '@meshplane/graphql';
import { MembershipEntity } from '../entities/membership.entity.js';
import { OrganizationEntity } from '../entities/organization.entity.js';

/** What a grant did; `kept-last-owner` means the organization's last owner was neither demoted nor removed. */
export type GrantOutcome =
  | 'added'
  | 'changed'
  | 'unchanged'
  | 'removed'
  | 'kept-last-owner'
  | 'no-organization';

/**
 * Memberships decided by a system rule rather than by a member (an identity provider's claims mapped to roles):
 * the same invariants as member management (one transaction per organization, the owners locked and counted so
 * the last owner stays), without an acting user.
 */
@Injectable()
export class MembershipGrants {
  constructor(private readonly dataSource: DataSource) {}

  /** Gives `userId` the role `role` in `orgId`, or takes the membership away when `role` is undefined. */
  async apply(orgId: string, userId: string, role: Role | undefined): Promise<GrantOutcome> {
    const org = checkUuid(orgId, 'orgId');
    const user = checkUuid(userId, 'userId');
    return withTenant(this.dataSource, org, async (manager) => {
      const organization = await manager.findOneBy(OrganizationEntity, { id: org });
      if (!organization || organization.deletedAt !== null) return 'no-organization';
      const owners = await manager
        .createQueryBuilder(MembershipEntity, 'm')
        .where("m.role = 'owner'")
        .setLock('pessimistic_write')
        .getMany();
      const current = await manager
        .createQueryBuilder(MembershipEntity, 'm')
        .where('m.userId = :user', { user })
        .setLock('pessimistic_write')
        .getOne();
      if (current?.role === role) return 'unchanged';
      if (current === null && role === undefined) return 'unchanged';
      if (current?.role === 'owner' && owners.length <= 1) return 'kept-last-owner';
      if (role === undefined) {
        await manager.delete(MembershipEntity, { orgId: org, userId: user });
        return 'removed';
      }
      if (current === null) {
        await manager.insert(MembershipEntity, { orgId: org, userId: user, role });
        return 'added';
      }
      await manager.update(MembershipEntity, { orgId: org, userId: user }, { role });
      return 'changed';
    });
  }
}
