import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@meshplane/auth';

/** The organization's defaults; a document, so adding a default needs no migration. */
export interface OrganizationDefaults {
  defaultWorkspaceId?: string;
  defaultEnvironmentId?: string;
  defaultInvitationRole?: Role;
}

@Entity({ name: 'organization_settings' })
export class OrganizationSettingsEntity {
  @PrimaryColumn('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('jsonb')
  defaults!: OrganizationDefaults;

  @Column('timestamp with time zone', { name: 'updated_at', precision: 3, default: () => 'now()' })
  updatedAt!: Date;
}
