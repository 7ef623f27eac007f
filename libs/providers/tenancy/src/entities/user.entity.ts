import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A person, global to the platform (no org_id): identities of every provider link to one user by id. */
@Entity({ name: 'users' })
@Index('ux_users_email', ['email'], { unique: true })
@Check('ck_users_email_lower', `"email" = lower("email")`)
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  @Column('timestamp with time zone', { name: 'disabled_at', precision: 3, nullable: true })
  disabledAt!: Date | null;

  @Column('timestamp with time zone', { name: 'created_at', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}

/** What the tenancy library hands to other libraries as a user. */
export type User = UserEntity;
