import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { Role } from '@meshplane/auth';
import { withTenant } from '@meshplane/database';
import {
  checkEmail,
  checkOptionalText,
  checkUuid,
  decodeCursor,
  DomainError,
  encodeCursor,
  ForbiddenError,
  NAME_MAX_LENGTH,
  NotFoundError,
  pageOf,
  pageSize,
  ValidationFailedError,
  type Connection,
} from '@meshplane/graphql';
import { containsPattern } from '../common/like-pattern.js';
import { memberRoleOf } from '../common/member-role.enum.js';
import { applyKeyset, cursorShape, type SortColumn } from '../common/page.js';
import { InvitationEntity } from '../entities/invitation.entity.js';
import { MembershipEntity } from '../entities/membership.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { liveOrganization } from '../organizations/organizations.service.js';
import type { OrganizationEntity } from '../entities/organization.entity.js';
import { defaultsOf } from '../settings/organization-defaults.js';
import { TENANCY_SCHEMA } from '../tenancy.schema.js';
import { actorRoleIn } from '../members/actor-role.js';
import { assertMayInvite } from '../members/membership-rules.js';
import type { InvitationsArgs } from './dto/invitations.args.js';
import { hashInvitationToken, newInvitationToken } from './invitation-token.js';
import { InvitationStatus, type CreatedInvitation, type Invitation } from './models/invitation.model.js';

const TTL_MS = 7 * 24 * 60 * 60 * 1000;
const SORT_FIELD = 'CREATED_AT';

export interface InviteRequest {
  orgId: string;
  actorUserId: string;
  email: string;
  role?: Role;
}

@Injectable()
export class InvitationsService {
  constructor(private readonly dataSource: DataSource) {}

  /** A new invitation replaces any pending one for the same address, so only the latest token works. */
  async invite(request: InviteRequest): Promise<CreatedInvitation> {
    const email = checkEmail(request.email, 'email');
    const token = newInvitationToken();
    return withTenant(this.dataSource, request.orgId, async (manager) => {
      const role = request.role ?? (await defaultsOf(manager)).defaultInvitationRole ?? 'member';
      assertMayInvite(await actorRoleIn(manager, request.actorUserId), role);
      if (await isMember(manager, email)) throw new ValidationFailedError('email', 'is already a member');
      const now = new Date();
      await manager.update(InvitationEntity, pendingFor(email), { revokedAt: now });
      const invitation: InvitationEntity = {
        id: randomUUID(),
        orgId: request.orgId,
        email,
        role,
        tokenHash: hashInvitationToken(token),
        invitedBy: request.actorUserId,
        expiresAt: new Date(now.getTime() + TTL_MS),
        acceptedAt: null,
        acceptedBy: null,
        revokedAt: null,
        createdAt: now,
      };
      await manager.insert(InvitationEntity, invitation);
      return { invitation: toInvitation(invitation), token };
    });
  }

  list(orgId: string, args: InvitationsArgs): Promise<Connection<Invitation>> {
    const size = pageSize(args.first);
    const column: SortColumn = { expression: 'i.createdAt', type: 'timestamptz' };
    const cursor = cursorShape(SORT_FIELD, args.direction, column.type);
    const after = decodeCursor(args.after, cursor);
    const emailContains = checkOptionalText(
      args.filter?.emailContains,
      'filter.emailContains',
      NAME_MAX_LENGTH,
    );
    return withTenant(this.dataSource, orgId, async (manager) => {
      const filtered = () => {
        const qb = manager.createQueryBuilder(InvitationEntity, 'i');
        if (args.filter?.pendingOnly) {
          qb.andWhere('i.acceptedAt IS NULL AND i.revokedAt IS NULL AND i.expiresAt > now()');
        }
        if (emailContains) qb.andWhere('i.email ILIKE :email', { email: containsPattern(emailContains) });
        return qb;
      };
      const [rows, totalCount] = await Promise.all([
        applyKeyset(filtered(), column, 'i.id', args.direction, after)
          .limit(size + 1)
          .getMany(),
        filtered().getCount(),
      ]);
      const cursorOf = (row: InvitationEntity) => encodeCursor(cursor, [row.createdAt.toISOString(), row.id]);
      return { ...pageOf(rows, size, cursorOf, toInvitation), totalCount };
    });
  }

  async revoke(orgId: string, actorUserId: string, id: string): Promise<Invitation> {
    const invitationId = checkUuid(id, 'id');
    return withTenant(this.dataSource, orgId, async (manager) => {
      const invitation = await manager.findOneBy(InvitationEntity, { id: invitationId });
      if (!invitation) throw new NotFoundError('Invitation');
      assertMayInvite(await actorRoleIn(manager, actorUserId), invitation.role);
      if (statusOf(invitation) !== InvitationStatus.PENDING) {
        throw new DomainError('INVITATION_NOT_PENDING', 'Only a pending invitation can be revoked');
      }
      const revoked = { ...invitation, revokedAt: new Date() };
      await manager.update(InvitationEntity, { id: invitationId }, { revokedAt: revoked.revokedAt });
      return toInvitation(revoked);
    });
  }

  /**
   * The user joins the invitation's organization with its role (or keeps a membership they already have).
   * The token alone finds the organization, through the `invitation_org_by_token` lookup; the rest happens
   * under that organization's tenant. Tokens work once, before they expire, for the address invited only.
   */
  async accept(userId: string, token: string): Promise<OrganizationEntity> {
    const tokenHash = hashInvitationToken(token);
    const rows: { org_id: string | null }[] = await this.dataSource.query(
      `SELECT "${TENANCY_SCHEMA}"."invitation_org_by_token"($1) AS org_id`,
      [tokenHash],
    );
    const orgId = rows[0]?.org_id;
    if (!orgId) throw new NotFoundError('Invitation');
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new NotFoundError('User');
    return withTenant(this.dataSource, orgId, async (manager) => {
      const invitation = await manager
        .createQueryBuilder(InvitationEntity, 'i')
        .where('i.tokenHash = :tokenHash', { tokenHash })
        .setLock('pessimistic_write')
        .getOne();
      if (!invitation) throw new NotFoundError('Invitation');
      assertRedeemable(invitation, user.email);
      const organization = await liveOrganization(manager, orgId);
      await manager
        .createQueryBuilder()
        .insert()
        .into(MembershipEntity)
        .values({ orgId, userId, role: invitation.role })
        .orIgnore()
        .execute();
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        { acceptedAt: new Date(), acceptedBy: userId },
      );
      return organization;
    });
  }
}

export function assertRedeemable(invitation: InvitationEntity, email: string): void {
  switch (statusOf(invitation)) {
    case InvitationStatus.PENDING:
      break;
    case InvitationStatus.ACCEPTED:
      throw new DomainError('INVITATION_USED', 'This invitation was already accepted');
    case InvitationStatus.REVOKED:
      throw new DomainError('INVITATION_REVOKED', 'This invitation was revoked');
    case InvitationStatus.EXPIRED:
      throw new DomainError('INVITATION_EXPIRED', 'This invitation has expired: ask for a new one');
  }
  if (invitation.email !== email) {
    throw new ForbiddenError('This invitation was sent to another email address');
  }
}

async function isMember(manager: EntityManager, email: string): Promise<boolean> {
  return (
    (await manager
      .createQueryBuilder(MembershipEntity, 'm')
      .innerJoin('m.user', 'u')
      .where('u.email = :email', { email })
      .getCount()) > 0
  );
}

function pendingFor(email: string) {
  return { email, acceptedAt: IsNull(), revokedAt: IsNull() };
}

export function statusOf(invitation: InvitationEntity, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return InvitationStatus.ACCEPTED;
  if (invitation.revokedAt) return InvitationStatus.REVOKED;
  if (invitation.expiresAt <= now) return InvitationStatus.EXPIRED;
  return InvitationStatus.PENDING;
}

function toInvitation(entity: InvitationEntity): Invitation {
  return {
    id: entity.id,
    email: entity.email,
    role: memberRoleOf(entity.role),
    status: statusOf(entity),
    invitedBy: entity.invitedBy,
    createdAt: entity.createdAt,
    expiresAt: entity.expiresAt,
  };
}
