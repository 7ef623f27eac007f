import type { ClassReference } from '@meshplane/database';
import { EnvironmentEntity } from './environment.entity.js';
import { InvitationEntity } from './invitation.entity.js';
import { MembershipEntity } from './membership.entity.js';
import { OrganizationSettingsEntity } from './organization-settings.entity.js';
import { OrganizationSuspensionEntity } from './organization-suspension.entity.js';
import { OrganizationEntity } from './organization.entity.js';
import { UserPreferenceEntity } from './user-preference.entity.js';
import { UserEntity } from './user.entity.js';
import { WorkspaceEntity } from './workspace.entity.js';

/** Every table the tenancy library owns in the providers schema. */
export const TENANCY_ENTITIES: ClassReference[] = [
  UserEntity,
  OrganizationEntity,
  WorkspaceEntity,
  EnvironmentEntity,
  MembershipEntity,
  InvitationEntity,
  UserPreferenceEntity,
  OrganizationSettingsEntity,
  OrganizationSuspensionEntity,
];
