import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isRole, type Role } from '@meshplane/auth';
import { checkUuid } from '@meshplane/graphql';
import { TENANCY_SCHEMA } from '../tenancy.schema.js';

export interface OrgMembership {
  orgId: string;
  role: Role;
  /** A platform operator suspended the organization: no member's request may run in it. */
  suspended: boolean;
}

interface MembershipRow {
  org_id: string;
  role: string;
  suspended: boolean;
}

/**
 * Who belongs where, across tenants: the one question the application role may ask about every organization,
 * answered by the `memberships_of_user` SECURITY DEFINER function for a single user (live organizations only,
 * oldest membership first, each saying whether it is suspended). The gateway resolves callers' roles through it.
 */
@Injectable()
export class TenancyDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async membershipsOf(userId: string): Promise<OrgMembership[]> {
    const rows: MembershipRow[] = await this.dataSource.query(
      `SELECT org_id, role, suspended FROM "${TENANCY_SCHEMA}"."memberships_of_user"($1)`,
      [checkUuid(userId, 'userId')],
    );
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
