import { Global, Module } from '@nestjs/common';
import { TenantTransactions } from './common/tenant-transactions.js';
import { TenancyDirectoryRepository } from './directory/tenancy-directory.repository.js';
import { TenancyDirectory } from './directory/tenancy-directory.service.js';
import { EnvironmentsRepository } from './environments/environments.repository.js';
import { EnvironmentsResolver } from './environments/environments.resolver.js';
import { EnvironmentsService } from './environments/environments.service.js';
import { InvitationSignup } from './invitations/invitation-signup.service.js';
import { InvitationsRepository } from './invitations/invitations.repository.js';
import { InvitationsResolver } from './invitations/invitations.resolver.js';
import { InvitationsService } from './invitations/invitations.service.js';
import { MembershipsRepository } from './members/memberships.repository.js';
import { MembersResolver } from './members/members.resolver.js';
import { MembersService } from './members/members.service.js';
import { OrganizationsRepository } from './organizations/organizations.repository.js';
import { MembershipGrants } from './members/membership-grants.service.js';
import { OrganizationRefs } from './organizations/organization-refs.js';
import { OrganizationsResolver } from './organizations/organizations.resolver.js';
import { OrganizationsService } from './organizations/organizations.service.js';
import { PlatformOrganizationsRepository } from './platform/platform-organizations.repository.js';
import { PlatformOrganizationsResolver } from './platform/platform-organizations.resolver.js';
import { PlatformOrganizationsService } from './platform/platform-organizations.service.js';
import { PreferencesRepository } from './preferences/preferences.repository.js';
import { PreferencesResolver } from './preferences/preferences.resolver.js';
import { PreferencesService } from './preferences/preferences.service.js';
import { OrganizationDefaultsRules } from './settings/organization-defaults.js';
import { OrganizationSettingsRepository } from './settings/organization-settings.repository.js';
import { OrganizationSettingsResolver } from './settings/organization-settings.resolver.js';
import { OrganizationSettingsService } from './settings/organization-settings.service.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';
import { WorkspacesRepository } from './workspaces/workspaces.repository.js';
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

/** Every SQL statement of the tenancy is in one of these; the services compose them. */
const REPOSITORIES = [
  TenantTransactions,
  TenancyDirectoryRepository,
  UsersRepository,
  OrganizationsRepository,
  WorkspacesRepository,
  EnvironmentsRepository,
  MembershipsRepository,
  InvitationsRepository,
  PreferencesRepository,
  OrganizationSettingsRepository,
  PlatformOrganizationsRepository,
];

/**
 * Organizations, workspaces, environments, members, invitations, preferences and settings, with their
 * resolvers. Global so that identity can inject the directory, users and organizations services.
 */
@Global()
@Module({
  providers: [
    ...REPOSITORIES,
    ...PUBLIC_SERVICES,
    OrganizationDefaultsRules,
    WorkspacesService,
    EnvironmentsService,
    MembersService,
    InvitationsService,
    PreferencesService,
    OrganizationSettingsService,
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
