import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type SelectQueryBuilder } from 'typeorm';
import type { TenantTx } from '../common/tenant-transactions.js';
import { InvitationEntity } from '../entities/invitation.entity.js';
import { TENANCY_FUNCTIONS } from '../tenancy.tables.js';

export interface InvitationFilter {
  /** Only invitations neither accepted, revoked nor expired at this time. */
  pendingAt?: Date;
  /** An ILIKE pattern (already escaped) the invited email must match. */
  emailPattern?: string;
}

/** The organization's invitations; only the SHA-256 of a token is ever stored or looked up. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The invitations matching `filter`, as alias `i`, for a page. */
  listQuery(tx: TenantTx, filter: InvitationFilter): SelectQueryBuilder<InvitationEntity> {
    const qb = tx.createQueryBuilder(InvitationEntity, 'i');
    if (filter.pendingAt) {
      qb.andWhere('i.acceptedAt IS NULL AND i.revokedAt IS NULL AND i.expiresAt > :pendingAt', {
        pendingAt: filter.pendingAt,
      });
    }
    if (filter.emailPattern) qb.andWhere('i.email ILIKE :email', { email: filter.emailPattern });
    return qb;
  }

  find(tx: TenantTx, id: string): Promise<InvitationEntity | null> {
    return tx.findOneBy(InvitationEntity, { id });
  }

  /** The invitation of the token, locked until the transaction ends (a token is redeemed once). */
  findByTokenLocked(tx: TenantTx, tokenHash: string): Promise<InvitationEntity | null> {
    return tx
      .createQueryBuilder(InvitationEntity, 'i')
      .where('i.tokenHash = :tokenHash', { tokenHash })
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * The organization a token invites to, whatever the tenant: a presented token names no organization, so this
   * goes through the narrow `invitation_org_by_token` function (one hash in, one org id out).
   */
  async orgOfToken(tokenHash: string): Promise<string | undefined> {
    const rows: { org_id: string | null }[] = await this.dataSource.query(
      `SELECT ${TENANCY_FUNCTIONS.invitationOrgByToken}($1) AS org_id`,
      [tokenHash],
    );
    return rows[0]?.org_id ?? undefined;
  }

  async insert(tx: TenantTx, invitation: InvitationEntity): Promise<void> {
    await tx.insert(InvitationEntity, invitation);
  }

  /** Revokes the address's pending (not accepted, not revoked) invitations. */
  async revokePendingFor(tx: TenantTx, email: string, at: Date): Promise<void> {
    await tx.update(
      InvitationEntity,
      { email, acceptedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: at },
    );
  }

  async revoke(tx: TenantTx, id: string, at: Date): Promise<void> {
    await tx.update(InvitationEntity, { id }, { revokedAt: at });
  }

  async markAccepted(tx: TenantTx, id: string, userId: string, at: Date): Promise<void> {
    await tx.update(InvitationEntity, { id }, { acceptedAt: at, acceptedBy: userId });
  }
}
