import { Injectable } from '@nestjs/common';
import { isRole, type Role } from '@meshplane/auth';
import { TenancyDirectoryRepository } from './tenancy-directory.repository.js';
import { checkUuid } from '@meshplane/graphql';

export interface OrgMembership {
  orgId: string;
  role: Role;
  /** A platform operator suspended the organization: no member's request may run in it. */
  suspended: boolean;
}

/**
 * Who belongs where, across tenants (see TenancyDirectoryRepository). The gateway resolves callers' roles
 * through it.
 */
@Injectable()
export class TenancyDirectory {
  constructor(private readonly repository: TenancyDirectoryRepository) {}

  async membershipsOf(userId: string): Promise<OrgMembership[]> {
    const rows = await this.repository.membershipsOf(checkUuid(userId, 'userId'));
    return rows.flatMap((row) =>
      isRole(row.role) ? [{ orgId: row.org_id, role: row.role, suspended: row.suspended }] : [],
    );
  }

  async roleIn(userId: string, orgId: string): Promise<Role | undefined> {
    const org = checkUuid(orgId, 'orgId');
    return (await this.membershipsOf(userId)).find((membership) => membership.orgId === org)?.role;
  }

  /** The organization a user lands in when they have not chosen one: the one they joined first. */
  async defaultOrgOf(userId: string): Promise<string | undefined> {
    return (await this.membershipsOf(userId))[0]?.orgId;
  }
}
