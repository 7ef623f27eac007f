import { Injectable } from '@nestjs/common';
import type { Role } from '@meshplane/auth';
import { checkUuid } from '@meshplane/graphql';
import { TenantTransactions } from '../common/tenant-transactions.js';
import { OrganizationsRepository } from '../organizations/organizations.repository.js';
import { MembershipsRepository } from './memberships.repository.js';

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
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly organizations: OrganizationsRepository,
    private readonly memberships: MembershipsRepository,
  ) {}

  /** Gives `userId` the role `role` in `orgId`, or takes the membership away when `role` is undefined. */
  async apply(orgId: string, userId: string, role: Role | undefined): Promise<GrantOutcome> {
    const org = checkUuid(orgId, 'orgId');
    const user = checkUuid(userId, 'userId');
    return this.transactions.inOrg(org, async (tx) => {
      const organization = await this.organizations.find(tx, org);
      if (!organization || organization.deletedAt !== null) return 'no-organization';
      const owners = await this.memberships.lockOwners(tx);
      const current = await this.memberships.findLocked(tx, user);
      if (current?.role === role) return 'unchanged';
      if (current === null && role === undefined) return 'unchanged';
      if (current?.role === 'owner' && owners <= 1) return 'kept-last-owner';
      if (role === undefined) {
        await this.memberships.delete(tx, org, user);
        return 'removed';
      }
      if (current === null) {
        await this.memberships.insert(tx, { orgId: org, userId: user, role });
        return 'added';
      }
      await this.memberships.setRole(tx, org, user, role);
      return 'changed';
    });
  }
}
