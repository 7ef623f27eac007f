import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TENANCY_FUNCTIONS } from '../tenancy.tables.js';

export interface MembershipRow {
  org_id: string;
  role: string;
  suspended: boolean;
}

/**
 * The one question the application role may ask about every organization, answered by the
 * `memberships_of_user` SECURITY DEFINER function for a single user (live organizations only, oldest membership
 * first, each saying whether it is suspended).
 */
@Injectable()
export class TenancyDirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  membershipsOf(userId: string): Promise<MembershipRow[]> {
    return this.dataSource.query(
      `SELECT org_id, role, suspended FROM ${TENANCY_FUNCTIONS.membershipsOfUser}($1)`,
      [userId],
    );
  }
}
