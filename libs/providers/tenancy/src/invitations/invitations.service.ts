import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Role } from '@meshplane/auth';
import { applyKeyset } from '@meshplane/database';
import {
  checkEmail,
  checkOptionalText,
  checkUuid,
  type Connection,
  decodeCursor,
  DomainError,
  encodeCursor,
  ForbiddenError,
  NAME_MAX_LENGTH,
  NotFoundError,
  pageOf,
  pageSize,
  ValidationFailedError,
} from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { containsPattern } from '../common/like-pattern.js';
import { memberRoleOf } from '../common/member-role.enum.js';
import { cursorShape, type SortColumn } from '../common/page.js';
import { TenantTransactions } from '../common/tenant-transactions.js';
import type { InvitationEntity } from '../entities/invitation.entity.js';
import type { OrganizationEntity } from '../entities/organization.entity.js';
import { actorRoleIn } from '../members/actor-role.js';
import { MembershipsRepository } from '../members/memberships.repository.js';
import { assertMayInvite } from '../members/membership-rules.js';
import { liveOrganization } from '../organizations/organization.lookup.js';
import { OrganizationsRepository } from '../organizations/organizations.repository.js';
import { OrganizationSettingsRepository } from '../settings/organization-settings.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import type { InvitationsArgs } from './dto/invitations.args.js';
import { hashInvitationToken, newInvitationToken } from './invitation-token.js';
import { InvitationsRepository } from './invitations.repository.js';
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
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly invitations: InvitationsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly settings: OrganizationSettingsRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  /** A new invitation replaces any pending one for the same address, so only the latest token works. */
  async invite(request: InviteRequest): Promise<CreatedInvitation> {
    const email = checkEmail(request.email, 'email');
    const token = newInvitationToken();
    return this.transactions.inOrg(request.orgId, async (tx) => {
      const role = request.role ?? (await this.settings.defaults(tx)).defaultInvitationRole ?? 'member';
      assertMayInvite(await actorRoleIn(this.memberships, tx, request.actorUserId), role);
      if (await this.memberships.isMember(tx, email)) {
        throw new ValidationFailedError('email', 'is already a member');
      }
      const now = this.clock.now();
      await this.invitations.revokePendingFor(tx, email, now);
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
      await this.invitations.insert(tx, invitation);
      return { invitation: toInvitation(invitation, now), token };
    });
  }

  list(orgId: string, args: InvitationsArgs): Promise<Connection<Invitation>> {
    const size = pageSize(args.first);
    const column: SortColumn = { sql: 'i.createdAt', type: 'timestamptz' };
    const cursor = cursorShape(SORT_FIELD, args.direction, column.type);
    const after = decodeCursor(args.after, cursor);
    const emailContains = checkOptionalText(
      args.filter?.emailContains,
      'filter.emailContains',
      NAME_MAX_LENGTH,
    );
    const now = this.clock.now();
    const filter = {
      ...(args.filter?.pendingOnly && { pendingAt: now }),
      ...(emailContains && { emailPattern: containsPattern(emailContains) }),
    };
    return this.transactions.inOrg(orgId, async (tx) => {
      const filtered = () => this.invitations.listQuery(tx, filter);
      const [rows, totalCount] = await Promise.all([
        applyKeyset(filtered(), {
          columns: [column, { sql: 'i.id', type: 'uuid' }],
          direction: args.direction,
          after,
        })
          .limit(size + 1)
          .getMany(),
        filtered().getCount(),
      ]);
      const cursorOf = (row: InvitationEntity) => encodeCursor(cursor, [row.createdAt.toISOString(), row.id]);
      return { ...pageOf(rows, size, cursorOf, (row) => toInvitation(row, now)), totalCount };
    });
  }

  async revoke(orgId: string, actorUserId: string, id: string): Promise<Invitation> {
    const invitationId = checkUuid(id, 'id');
    return this.transactions.inOrg(orgId, async (tx) => {
      const invitation = await this.invitations.find(tx, invitationId);
      if (!invitation) throw new NotFoundError('Invitation');
      assertMayInvite(await actorRoleIn(this.memberships, tx, actorUserId), invitation.role);
      const now = this.clock.now();
      if (statusOf(invitation, now) !== InvitationStatus.PENDING) {
        throw new DomainError('INVITATION_NOT_PENDING', 'Only a pending invitation can be revoked');
      }
      await this.invitations.revoke(tx, invitationId, now);
      return toInvitation({ ...invitation, revokedAt: now }, now);
    });
  }

  /**
   * The user joins the invitation's organization with its role (or keeps a membership they already have).
   * The token alone finds the organization, through the `invitation_org_by_token` lookup; the rest happens
   * under that organization's tenant. Tokens work once, before they expire, for the address invited only.
   */
  async accept(userId: string, token: string): Promise<OrganizationEntity> {
    const tokenHash = hashInvitationToken(token);
    const orgId = await this.invitations.orgOfToken(tokenHash);
    if (!orgId) throw new NotFoundError('Invitation');
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('User');
    return this.transactions.inOrg(orgId, async (tx) => {
      const invitation = await this.invitations.findByTokenLocked(tx, tokenHash);
      if (!invitation) throw new NotFoundError('Invitation');
      const now = this.clock.now();
      assertRedeemable(invitation, user.email, now);
      const organization = await liveOrganization(this.organizations, tx, orgId);
      await this.memberships.insertIfAbsent(tx, { orgId, userId, role: invitation.role });
      await this.invitations.markAccepted(tx, invitation.id, userId, now);
      return organization;
    });
  }
}

export function assertRedeemable(invitation: InvitationEntity, email: string, now: Date): void {
  switch (statusOf(invitation, now)) {
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

export function statusOf(invitation: InvitationEntity, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return InvitationStatus.ACCEPTED;
  if (invitation.revokedAt) return InvitationStatus.REVOKED;
  if (invitation.expiresAt <= now) return InvitationStatus.EXPIRED;
  return InvitationStatus.PENDING;
}

function toInvitation(entity: InvitationEntity, now: Date): Invitation {
  return {
    id: entity.id,
    email: entity.email,
    role: memberRoleOf(entity.role),
    status: statusOf(entity, now),
    invitedBy: entity.invitedBy,
    createdAt: entity.createdAt,
    expiresAt: entity.expiresAt,
  };
}
