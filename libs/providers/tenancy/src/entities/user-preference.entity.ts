import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonValue } from '@meshplane/graphql';

/** One preference of one user inside one organization (a user's choices differ per organization). */
@Entity({ name: 'user_preferences' })
export class UserPreferenceEntity {
  @PrimaryColumn('uuid', { name: 'org_id' })
  orgId!: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @PrimaryColumn('text')
  key!: string;

  @Column('jsonb')
  value!: JsonValue;

  @Column('timestamp with time zone', { name: 'updated_at', precision: 3, default: () => 'now()' })
  updatedAt!: Date;
}
