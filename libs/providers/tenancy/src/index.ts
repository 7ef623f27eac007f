/** @meshplane/providers-tenancy: organizations → workspaces → environments, users, memberships, invitations, preferences. */
export { tenancyFeature } from './tenancy.feature.js';
export { TenancyModule } from './tenancy.module.js';
export { TenancyDirectory, type OrgMembership } from './directory/tenancy-directory.service.js';
export { UsersService, type UpsertUserInput } from './users/users.service.js';
export { OrganizationsService, type CreateOrganizationInput } from './organizations/organizations.service.js';
export {
  InvitationSignup,
  type EnrolNewUser,
  type NewMember,
} from './invitations/invitation-signup.service.js';
export { MembershipGrants, type GrantOutcome } from './members/membership-grants.service.js';
export { OrganizationRefs } from './organizations/organization-refs.js';
export { UserEntity, type User } from './entities/user.entity.js';
export { OrganizationEntity } from './entities/organization.entity.js';
export { MemberRole, memberRoleOf, roleOf } from './common/member-role.enum.js';
export { Organization } from './organizations/models/organization.model.js';
