import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@meshplane/providers-tenancy';

/** The local provider's password of a user (scrypt hash only), found by the email the user signs in with. */
@Entity({ name: 'local_credentials' })
@Index('ux_local_credentials_email', ['email'], { unique: true })
export class LocalCredentialEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_local_credentials_user' })
  user?: UserEntity;

  /** Lower-case. */
  @Column('text')
  email!: string;

  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
