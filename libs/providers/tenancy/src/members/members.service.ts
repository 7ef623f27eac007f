import { Injectable } from '@nestjs/common';
import type { Role } from '@meshplane/auth';
import { applyKeyset } from '@meshplane/database';
import {
  checkOptionalText,
  checkUuid,
  type Connection,
  decodeCursor,
  encodeCursor,
  NAME_MAX_LENGTH,
  NotFoundError,
  pageOf,
  pageSize,
  SortDirection,
} from '@meshplane/graphql';
import { containsPattern } from '../common/like-pattern.js';
import { memberRoleOf, roleOf } from '../common/member-role.enum.js';
import { cursorShape, type SortColumn } from '../common/page.js';
import { TenantTransactions, type TenantTx } from '../common/tenant-transactions.js';
import type { MembershipEntity } from '../entities/membership.entity.js';
import { MemberSortField, type MembersArgs } from './dto/members.args.js';
import { actorRoleIn } from './actor-role.js';
import { MembershipsRepository } from './memberships.repository.js';
import { assertMayChangeRole, assertMayLeave, assertMayRemove } from './membership-rules.js';
import type { Member } from './models/member.model.js';

const SORT_COLUMNS: Record<MemberSortField, SortColumn & { key: (m: MembershipEntity) => string }> = {
  [MemberSortField.EMAIL]: { sql: 'u.email', type: 'text', key: (m) => m.user?.email ?? '' },
  [MemberSortField.JOINED_AT]: {
    sql: 'm.createdAt',
    type: 'timestamptz',
    key: (m) => m.createdAt.toISOString(),
  },
};

/** Memberships of one organization; every method runs under that organization's tenant. */
@Injectable()
export class MembersService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly memberships: MembershipsRepository,
  ) {}

  async list(orgId: string, args: MembersArgs): Promise<Connection<Member>> {
    const size = pageSize(args.first);
    const field = args.sort?.field ?? MemberSortField.EMAIL;
    const direction = args.sort?.direction ?? SortDirection.ASC;
    const emailContains = checkOptionalText(
      args.filter?.emailContains,
      'filter.emailContains',
      NAME_MAX_LENGTH,
    );
    const role = args.filter?.role ? roleOf(args.filter.role) : undefined;
    const column = SORT_COLUMNS[field];
    const cursor = cursorShape(field, direction, column.type);
    const after = decodeCursor(args.after, cursor);
    const filter = {
      ...(role && { role }),
      ...(emailContains && { emailPattern: containsPattern(emailContains) }),
    };
    return this.transactions.inOrg(orgId, async (tx) => {
      const filtered = () => this.memberships.listQuery(tx, filter);
      const [rows, totalCount] = await Promise.all([
        applyKeyset(filtered(), { columns: [column, { sql: 'm.userId', type: 'uuid' }], direction, after })
          .limit(size + 1)
          .getMany(),
        filtered().getCount(),
      ]);
      const cursorOf = (m: MembershipEntity) => encodeCursor(cursor, [column.key(m), m.userId]);
      return { ...pageOf(rows, size, cursorOf, toMember), totalCount };
    });
  }

  async changeRole(orgId: string, actorUserId: string, targetUserId: string, newRole: Role): Promise<Member> {
    const target = checkUuid(targetUserId, 'userId');
    return this.transactions.inOrg(orgId, async (tx) => {
      const ownerCount = await this.memberships.lockOwners(tx);
      const actorRole = await actorRoleIn(this.memberships, tx, actorUserId);
      const membership = await this.lockedMembership(tx, target);
      assertMayChangeRole({ actorRole, currentRole: membership.role, newRole, ownerCount });
      await this.memberships.setRole(tx, orgId, target, newRole);
      return toMember({ ...membership, role: newRole });
    });
  }

  async remove(orgId: string, actorUserId: string, targetUserId: string): Promise<Member> {
    const target = checkUuid(targetUserId, 'userId');
    return this.transactions.inOrg(orgId, async (tx) => {
      const ownerCount = await this.memberships.lockOwners(tx);
      const actorRole = await actorRoleIn(this.memberships, tx, actorUserId);
      const membership = await this.lockedMembership(tx, target);
      assertMayRemove({ actorRole, targetRole: membership.role, ownerCount });
      await this.memberships.delete(tx, orgId, target);
      return toMember(membership);
    });
  }

  async leave(orgId: string, userId: string): Promise<Member> {
    return this.transactions.inOrg(orgId, async (tx) => {
      const ownerCount = await this.memberships.lockOwners(tx);
      const membership = await this.lockedMembership(tx, userId);
      assertMayLeave(membership.role, ownerCount);
      await this.memberships.delete(tx, orgId, userId);
      return toMember(membership);
    });
  }

  private async lockedMembership(tx: TenantTx, userId: string): Promise<MembershipEntity> {
    const membership = await this.memberships.findLocked(tx, userId);
    if (!membership) throw new NotFoundError('Member');
    return membership;
  }
}

function toMember(membership: MembershipEntity): Member {
  return {
    userId: membership.userId,
    email: membership.user?.email ?? '',
    displayName: membership.user?.displayName ?? '',
    role: memberRoleOf(membership.role),
    joinedAt: membership.createdAt,
    disabled: (membership.user?.disabledAt ?? null) !== null,
  };
}
