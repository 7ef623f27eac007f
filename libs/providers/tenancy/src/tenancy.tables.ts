/**
 * Schema-qualified names of what the tenancy keeps in the providers service's schema, for the repositories' raw
 * SQL (entities name their tables through TypeORM). Only `*.repository.ts` files use these.
 */
const SCHEMA = '"providers"';

export const TENANCY_TABLES = {
  userPreferences: `${SCHEMA}."user_preferences"`,
} as const;

/** The SECURITY DEFINER lookups that answer one narrow question across tenants. */
export const TENANCY_FUNCTIONS = {
  membershipsOfUser: `${SCHEMA}."memberships_of_user"`,
  invitationOrgByToken: `${SCHEMA}."invitation_org_by_token"`,
  organizationIdBySlug: `${SCHEMA}."organization_id_by_slug"`,
  platformOrganizations: `${SCHEMA}."platform_organizations"`,
  platformOrganizationCount: `${SCHEMA}."platform_organization_count"`,
} as const;
