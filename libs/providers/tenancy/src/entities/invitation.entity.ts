import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '@meshplane/auth';

/** An offer to join an organization; only the SHA-256 of its one-time token is kept. */
@Entity({ name: 'invitations' })
@Index('ux_invitations_token_hash', ['tokenHash'], { unique: true })
@Index('ix_invitations_org_email', ['orgId', 'email'])
@Check('ck_invitations_role', `"role" IN ('owner', 'admin', 'member', 'viewer')`)
export class InvitationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('text')
  email!: string;

  @Column('text')
  role!: Role;

  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  @Column('uuid', { name: 'invited_by' })
  invitedBy!: string;

  @Column('timestamp with time zone', { name: 'expires_at', precision: 3 })
  expiresAt!: Date;

  @Column('timestamp with time zone', { name: 'accepted_at', precision: 3, nullable: true })
  acceptedAt!: Date | null;

  @Column('uuid', { name: 'accepted_by', nullable: true })
  acceptedBy!: string | null;

  @Column('timestamp with time zone', { name: 'revoked_at', precision: 3, nullable: true })
  revokedAt!: Date | null;

  @Column('timestamp with time zone', { name: 'created_at', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
