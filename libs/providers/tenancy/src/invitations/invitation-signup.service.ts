import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withTenant } from '@meshplane/database';
import { checkName, DomainError, NotFoundError } from '@meshplane/graphql';
import { InvitationEntity } from '../entities/invitation.entity.js';
import { MembershipEntity } from '../entities/membership.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { liveOrganization } from '../organizations/organizations.service.js';
import { TENANCY_SCHEMA } from '../tenancy.schema.js';
import { hashInvitationToken } from './invitation-token.js';
import { assertRedeemable } from './invitations.service.js';

/** Writes what makes the new user able to sign in (a local credential, say) in the transaction creating them. */
export type EnrolNewUser = (manager: EntityManager, user: { id: string; email: string }) => Promise<void>;

export interface NewMember {
  userId: string;
  email: string;
  orgId: string;
}

/**
 * Signing up through an invitation: an address without an account becomes a user and a member in one step. The
 * invitation's rules hold (used once, before it expires, not revoked); an address that already has an account is
 * refused, so an invitation can never set a password on someone's existing account; they accept it signed in.
 */
@Injectable()
export class InvitationSignup {
  constructor(private readonly dataSource: DataSource) {}

  /** The address a pending invitation was sent to (a password is checked against it before anything is written). */
  async addressOf(token: string): Promise<string> {
    const { orgId, tokenHash } = await this.locate(token);
    return withTenant(this.dataSource, orgId, async (manager) => {
      const invitation = await manager.findOneBy(InvitationEntity, { tokenHash });
      if (!invitation) throw new NotFoundError('Invitation');
      assertRedeemable(invitation, invitation.email);
      await assertNoAccount(manager, invitation.email);
      return invitation.email;
    });
  }

  /** Creates the invited user, lets `enrol` add their credential, makes them a member and uses the invitation up. */
  async signUp(token: string, displayName: string | undefined, enrol: EnrolNewUser): Promise<NewMember> {
    const { orgId, tokenHash } = await this.locate(token);
    return withTenant(this.dataSource, orgId, async (manager) => {
      const invitation = await manager
        .createQueryBuilder(InvitationEntity, 'i')
        .where('i.tokenHash = :tokenHash', { tokenHash })
        .setLock('pessimistic_write')
        .getOne();
      if (!invitation) throw new NotFoundError('Invitation');
      assertRedeemable(invitation, invitation.email);
      await liveOrganization(manager, orgId);
      await assertNoAccount(manager, invitation.email);
      const user = {
        id: randomUUID(),
        email: invitation.email,
        displayName: checkName(
          displayName ?? invitation.email.split('@')[0] ?? invitation.email,
          'displayName',
        ),
      };
      await manager.insert(UserEntity, user);
      await enrol(manager, user);
      await manager.insert(MembershipEntity, { orgId, userId: user.id, role: invitation.role });
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        { acceptedAt: new Date(), acceptedBy: user.id },
      );
      return { userId: user.id, email: user.email, orgId };
    });
  }

  private async locate(token: string): Promise<{ orgId: string; tokenHash: string }> {
    const tokenHash = hashInvitationToken(token);
    const rows: { org_id: string | null }[] = await this.dataSource.query(
      `SELECT "${TENANCY_SCHEMA}"."invitation_org_by_token"($1) AS org_id`,
      [tokenHash],
    );
    const orgId = rows[0]?.org_id;
    if (!orgId) throw new NotFoundError('Invitation');
    return { orgId, tokenHash };
  }
}

async function assertNoAccount(manager: EntityManager, email: string): Promise<void> {
  if (await manager.existsBy(UserEntity, { email })) {
    throw new DomainError(
      'ACCOUNT_EXISTS',
      'This address already has an account: sign in and accept the invitation (acceptInvitation) instead',
    );
  }
}
