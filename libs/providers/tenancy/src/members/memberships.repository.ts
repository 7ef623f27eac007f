import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { Role } from '@meshplane/auth';
import type { TenantTx } from '../common/tenant-transactions.js';
import { MembershipEntity } from '../entities/membership.entity.js';

export interface MembershipFilter {
  role?: Role;
  /** An ILIKE pattern (already escaped) the member's email must match. */
  emailPattern?: string;
}

/** Who belongs to the transaction's organization, with which role. */
@Injectable()
export class MembershipsRepository {
  /** The memberships matching `filter`, with their users, as aliases `m` and `u`, for a page. */
  listQuery(tx: TenantTx, filter: MembershipFilter): SelectQueryBuilder<MembershipEntity> {
    const qb = tx.createQueryBuilder(MembershipEntity, 'm').innerJoinAndSelect('m.user', 'u');
    if (filter.role) qb.andWhere('m.role = :role', { role: filter.role });
    if (filter.emailPattern) qb.andWhere('u.email ILIKE :email', { email: filter.emailPattern });
    return qb;
  }

  find(tx: TenantTx, userId: string): Promise<MembershipEntity | null> {
    return tx.findOneBy(MembershipEntity, { userId });
  }

  async isMember(tx: TenantTx, email: string): Promise<boolean> {
    const count = await tx
      .createQueryBuilder(MembershipEntity, 'm')
      .innerJoin('m.user', 'u')
      .where('u.email = :email', { email })
      .getCount();
    return count > 0;
  }

  /**
   * Locks the owners' rows and counts them: two admins demoting the last two owners at once would otherwise both
   * see two owners. The second waits here, then counts the owners the first one left.
   */
  async lockOwners(tx: TenantTx): Promise<number> {
    const owners = await tx
      .createQueryBuilder(MembershipEntity, 'm')
      .where("m.role = 'owner'")
      .setLock('pessimistic_write')
      .getMany();
    return owners.length;
  }

  /** The membership of `userId`, with its user, locked until the transaction ends. */
  findLocked(tx: TenantTx, userId: string): Promise<MembershipEntity | null> {
    return tx
      .createQueryBuilder(MembershipEntity, 'm')
      .innerJoinAndSelect('m.user', 'u')
      .where('m.userId = :userId', { userId })
      .setLock('pessimistic_write', undefined, ['m'])
      .getOne();
  }

  async insert(tx: TenantTx, membership: Pick<MembershipEntity, 'orgId' | 'userId' | 'role'>): Promise<void> {
    await tx.insert(MembershipEntity, membership);
  }

  /** Inserts the membership unless the user already has one (which then stays as it is). */
  async insertIfAbsent(
    tx: TenantTx,
    membership: Pick<MembershipEntity, 'orgId' | 'userId' | 'role'>,
  ): Promise<void> {
    await tx.createQueryBuilder().insert().into(MembershipEntity).values(membership).orIgnore().execute();
  }

  async setRole(tx: TenantTx, orgId: string, userId: string, role: Role): Promise<void> {
    await tx.update(MembershipEntity, { orgId, userId }, { role });
  }

  async delete(tx: TenantTx, orgId: string, userId: string): Promise<void> {
    await tx.delete(MembershipEntity, { orgId, userId });
  }
}
