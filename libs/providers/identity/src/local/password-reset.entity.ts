import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@meshplane/providers-tenancy';

/**
 * A one-time password reset an operator issued for a local account: only the SHA-256 of its token is kept (256
 * random bits: nothing to brute-force). Used once, before it expires; a newer one replaces it.
 */
@Entity({ name: 'password_resets' })
@Index('ix_password_resets_user_id', ['userId'])
export class PasswordResetEntity {
  @PrimaryColumn('text', { name: 'token_hash' })
  tokenHash!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_password_resets_user' })
  user?: UserEntity;

  /** The platform operator who issued it. */
  @Column('uuid', { name: 'issued_by' })
  issuedBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  /** Set when redeemed, or when a newer reset replaced it. */
  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;
}
