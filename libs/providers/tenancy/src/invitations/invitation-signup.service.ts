import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { checkName, DomainError, NotFoundError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { TenantTransactions, type TenantTx } from '../common/tenant-transactions.js';
import { MembershipsRepository } from '../members/memberships.repository.js';
import { liveOrganization } from '../organizations/organization.lookup.js';
import { OrganizationsRepository } from '../organizations/organizations.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { hashInvitationToken } from './invitation-token.js';
import { InvitationsRepository } from './invitations.repository.js';
import { assertRedeemable } from './invitations.service.js';

/** Writes what makes the new user able to sign in (a local credential, say) in the transaction creating them. */
export type EnrolNewUser = (tx: TenantTx, user: { id: string; email: string }) => Promise<void>;

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
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly invitations: InvitationsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  /** The address a pending invitation was sent to (a password is checked against it before anything is written). */
  async addressOf(token: string): Promise<string> {
    const { orgId, tokenHash } = await this.locate(token);
    return this.transactions.inOrg(orgId, async (tx) => {
      const invitation = await this.invitations.findByTokenLocked(tx, tokenHash);
      if (!invitation) throw new NotFoundError('Invitation');
      assertRedeemable(invitation, invitation.email, this.clock.now());
      await this.assertNoAccount(tx, invitation.email);
      return invitation.email;
    });
  }

  /** Creates the invited user, lets `enrol` add their credential, makes them a member and uses the invitation up. */
  async signUp(token: string, displayName: string | undefined, enrol: EnrolNewUser): Promise<NewMember> {
    const { orgId, tokenHash } = await this.locate(token);
    return this.transactions.inOrg(orgId, async (tx) => {
      const invitation = await this.invitations.findByTokenLocked(tx, tokenHash);
      if (!invitation) throw new NotFoundError('Invitation');
      const now = this.clock.now();
      assertRedeemable(invitation, invitation.email, now);
      await liveOrganization(this.organizations, tx, orgId);
      await this.assertNoAccount(tx, invitation.email);
      const user = {
        id: randomUUID(),
        email: invitation.email,
        displayName: checkName(
          displayName ?? invitation.email.split('@')[0] ?? invitation.email,
          'displayName',
        ),
      };
      await this.users.insert(tx, user);
      await enrol(tx, user);
      await this.memberships.insert(tx, { orgId, userId: user.id, role: invitation.role });
      await this.invitations.markAccepted(tx, invitation.id, user.id, now);
      return { userId: user.id, email: user.email, orgId };
    });
  }

  private async locate(token: string): Promise<{ orgId: string; tokenHash: string }> {
    const tokenHash = hashInvitationToken(token);
    const orgId = await this.invitations.orgOfToken(tokenHash);
    if (!orgId) throw new NotFoundError('Invitation');
    return { orgId, tokenHash };
  }

  private async assertNoAccount(tx: TenantTx, email: string): Promise<void> {
    if (await this.users.existsByEmail(email, tx)) {
      throw new DomainError(
        'ACCOUNT_EXISTS',
        'This address already has an account: sign in and accept the invitation (acceptInvitation) instead',
      );
    }
  }
}
