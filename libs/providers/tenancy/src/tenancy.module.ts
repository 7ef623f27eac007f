import { Global, Module } from '@nestjs/common';
import { TenancyDirectory } from './directory/tenancy-directory.service.js';
import { EnvironmentsResolver } from './environments/environments.resolver.js';
import { EnvironmentsService } from './environments/environments.service.js';
import { InvitationSignup } from './invitations/invitation-signup.service.js';
import { InvitationsResolver } from './invitations/invitations.resolver.js';
import { InvitationsService } from './invitations/invitations.service.js';
import { MembershipGrants } from './members/membership-grants.service.js';
import { MembersResolver } from './members/members.resolver.js';
import { MembersService } from './members/members.service.js';
import { OrganizationRefs } from './organizations/organization-refs.js';
import { OrganizationsResolver } from './organizations/organizations.resolver.js';
import { OrganizationsService } from './organizations/organizations.service.js';
import { PlatformOrganizationsRepository } from './platform/platform-organizations.repository.js';
import { PlatformOrganizationsResolver } from './platform/platform-organizations.resolver.js';
import { PlatformOrganizationsService } from './platform/platform-organizations.service.js';
import { PreferencesResolver } from './preferences/preferences.resolver.js';
import { PreferencesService } from './preferences/preferences.service.js';
import { OrganizationSettingsResolver } from './settings/organization-settings.resolver.js';
import { OrganizationSettingsService } from './settings/organization-settings.service.js';
import { UsersService } from './users/users.service.js';
import { WorkspacesResolver } from './workspaces/workspaces.resolver.js';
import { WorkspacesService } from './workspaces/workspaces.service.js';

const PUBLIC_SERVICES = [
  TenancyDirectory,
  UsersService,
  OrganizationsService,
  InvitationSignup,
  MembershipGrants,
  OrganizationRefs,
];

/**
 * Organizations, workspaces, environments, members, invitations, preferences and settings, with their
 * resolvers. Global so that identity can inject the directory, users and organizations services.
 */
@Global()
@Module({
  providers: [
    ...PUBLIC_SERVICES,
    WorkspacesService,
    EnvironmentsService,
    MembersService,
    InvitationsService,
    PreferencesService,
    OrganizationSettingsService,
    PlatformOrganizationsRepository,
    PlatformOrganizationsService,
    OrganizationsResolver,
    WorkspacesResolver,
    EnvironmentsResolver,
    MembersResolver,
    InvitationsResolver,
    PreferencesResolver,
    OrganizationSettingsResolver,
    PlatformOrganizationsResolver,
  ],
  exports: PUBLIC_SERVICES,
})
export class TenancyModule {}
