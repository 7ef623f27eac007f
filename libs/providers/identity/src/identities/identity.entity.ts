import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@meshplane/providers-tenancy';

/**
 * Who a provider says someone is, linked to one Meshplane user; a user may have several. Local and remote identities
 * are unique by (provider, subject); OpenID Connect identities by (issuer, subject), the pair the specification
 * makes unique, so renaming a provider keeps its users and pointing a name at another issuer never reuses them.
 */
@Entity({ name: 'identities' })
@Index('ux_identities_provider_subject', ['provider', 'subject'], { unique: true, where: '"issuer" IS NULL' })
@Index('ux_identities_issuer_subject', ['issuer', 'subject'], { unique: true, where: '"issuer" IS NOT NULL' })
@Index('ix_identities_user', ['userId'])
export class IdentityEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  provider!: string;

  @Column('text')
  subject!: string;

  /** OpenID Connect identities only: the provider's issuer identifier. */
  @Column('text', { nullable: true })
  issuer!: string | null;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_identities_user' })
  user?: UserEntity;

  /** As the provider last reported it (may differ from the user's own email). */
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;
}
