import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@meshplane/auth';
import { withTenant } from '@meshplane/database';
import {
  checkOptionalText,
  checkUuid,
  decodeCursor,
  encodeCursor,
  NAME_MAX_LENGTH,
  NotFoundError,
  pageOf,
  pageSize,
  SortDirection,
  type Connection,
} from '@meshplane/graphql';
import { containsPattern } from '../common/like-pattern.js';
import { memberRoleOf, roleOf } from '../common/member-role.enum.js';
import { applyKeyset, cursorShape, type SortColumn } from '../common/page.js';
import { MembershipEntity } from '../entities/membership.entity.js';
import { MemberSortField, type MembersArgs } from './dto/members.args.js';
import { actorRoleIn } from './actor-role.js';
import { assertMayChangeRole, assertMayLeave, assertMayRemove } from './membership-rules.js';
import type { Member } from './models/member.model.js';

const SORT_COLUMNS: Record<MemberSortField, SortColumn & { key: (m: MembershipEntity) => string }> = {
  [MemberSortField.EMAIL]: { expression: 'u.email', type: 'text', key: (m) => m.user?.email ?? '' },
  [MemberSortField.JOINED_AT]: {
    expression: 'm.createdAt',
    type: 'timestamptz',
    key: (m) => m.createdAt.toISOString(),
  },
};

/** Memberships of one organization; every method runs under that organization's tenant. */
@Injectable()
export class MembersService {
  constructor(private readonly dataSource: DataSource) {}

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
    return withTenant(this.dataSource, orgId, async (manager) => {
      const filtered = () => {
        const qb = manager.createQueryBuilder(MembershipEntity, 'm').innerJoinAndSelect('m.user', 'u');
        if (role) qb.andWhere('m.role = :role', { role });
        if (emailContains) qb.andWhere('u.email ILIKE :email', { email: containsPattern(emailContains) });
        return qb;
      };
      const [rows, totalCount] = await Promise.all([
        applyKeyset(filtered(), column, 'm.userId', direction, after)
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
    return withTenant(this.dataSource, orgId, async (manager) => {
      const ownerCount = await lockOwners(manager);
      const actorRole = await actorRoleIn(manager, actorUserId);
      const membership = await lockedMembership(manager, target);
      assertMayChangeRole({ actorRole, currentRole: membership.role, newRole, ownerCount });
      await manager.update(MembershipEntity, { orgId, userId: target }, { role: newRole });
      return toMember({ ...membership, role: newRole });
    });
  }

  async remove(orgId: string, actorUserId: string, targetUserId: string): Promise<Member> {
    const target = checkUuid(targetUserId, 'userId');
    return withTenant(this.dataSource, orgId, async (manager) => {
      const ownerCount = await lockOwners(manager);
      const actorRole = await actorRoleIn(manager, actorUserId);
      const membership = await lockedMembership(manager, target);
      assertMayRemove({ actorRole, targetRole: membership.role, ownerCount });
      await manager.delete(MembershipEntity, { orgId, userId: target });
      return toMember(membership);
    });
  }

  async leave(orgId: string, userId: string): Promise<Member> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const ownerCount = await lockOwners(manager);
      const membership = await lockedMembership(manager, userId);
      assertMayLeave(membership.role, ownerCount);
      await manager.delete(MembershipEntity, { orgId, userId });
      return toMember(membership);
    });
  }
}

/**
 * Locks the owners' rows and counts them: two admins demoting the last two owners at once would otherwise both
 * see two owners. The second waits here, then counts the owners the first one left.
 */
async function lockOwners(manager: EntityManager): Promise<number> {
  const owners = await manager
    .createQueryBuilder(MembershipEntity, 'm')
    .where("m.role = 'owner'")
    .setLock('pessimistic_write')
    .getMany();
  return owners.length;
}

async function lockedMembership(manager: EntityManager, userId: string): Promise<MembershipEntity> {
  const membership = await manager
    .createQueryBuilder(MembershipEntity, 'm')
    .innerJoinAndSelect('m.user', 'u')
    .where('m.userId = :userId', { userId })
    .setLock('pessimistic_write', undefined, ['m'])
    .getOne();
  if (!membership) throw new NotFoundError('Member');
  return membership;
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
