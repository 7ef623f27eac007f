import { Global, Module } from '@nestjs/common';
import { TenancyDirectory } from './directory/tenancy-directory.service.js';
import { OrganizationsService } from './organizations/organizations.service.js';
import { UsersService } from './users/users.service.js';

const PUBLIC_SERVICES = [TenancyDirectory, UsersService, OrganizationsService];

/** Organizations, workspaces, environments, members, invitations and preferences; global so identity can inject its services. */
@Global()
@Module({
  providers: [...PUBLIC_SERVICES],
  exports: PUBLIC_SERVICES,
})
export class TenancyModule {}
