import { defineFeature } from '@meshplane/service-kit';
import { EnvironmentEntity } from './entities/environment.entity.js';
import { InvitationEntity } from './entities/invitation.entity.js';
import { MembershipEntity } from './entities/membership.entity.js';
import { OrganizationSettingsEntity } from './entities/organization-settings.entity.js';
import { OrganizationSuspensionEntity } from './entities/organization-suspension.entity.js';
import { OrganizationEntity } from './entities/organization.entity.js';
import { UserPreferenceEntity } from './entities/user-preference.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { WorkspaceEntity } from './entities/workspace.entity.js';
import { TENANCY_MIGRATIONS } from './migrations/tenancy.migrations.js';
import { TenancyModule } from './tenancy.module.js';

/** Organizations, workspaces, environments, members, invitations, preferences and settings, as a service runs them. */
export const tenancyFeature = defineFeature({
  name: 'tenancy',
  module: TenancyModule,
  entities: [
    UserEntity,
    OrganizationEntity,
    WorkspaceEntity,
    EnvironmentEntity,
    MembershipEntity,
    InvitationEntity,
    UserPreferenceEntity,
    OrganizationSettingsEntity,
    OrganizationSuspensionEntity,
  ],
  migrations: TENANCY_MIGRATIONS,
});
