import { randomBytes } from 'node:crypto';
import { provisionServiceRoles, roleUrl } from '@meshplane/database';
import { schemaName } from '../backend-service.definition.js';

export interface ServiceRoleNames {
  schema: string;
  /** Owns the schema and runs the migrations; the service never connects as it. */
  ownerRole: string;
  /** What the service connects as: data privileges only, bound by forced row-level security. */
  appRole: string;
}

export const DEFAULT_ROLE_PREFIX = 'meshplane';

export function serviceRoleNames(service: string, prefix = DEFAULT_ROLE_PREFIX): ServiceRoleNames {
  const schema = schemaName(service);
  return { schema, ownerRole: `${prefix}_${schema}_owner`, appRole: `${prefix}_${schema}_app` };
}

export interface ProvisionedService {
  /** For migrations: the owner, with a password set by this call. */
  ownerUrl: string;
  /** For the running service. */
  appUrl: string;
}

/**
 * Creates or updates the owner and application roles of a service on the database of `adminUrl`. The
 * owner gets a fresh random password each time: it is only needed for the migration run that follows, so
 * it is never stored anywhere.
 */
export async function provisionService(
  service: string,
  adminUrl: string,
  appPassword: string,
  prefix = DEFAULT_ROLE_PREFIX,
): Promise<ProvisionedService> {
  const names = serviceRoleNames(service, prefix);
  const ownerPassword = randomBytes(24).toString('base64url');
  const appUrl = await provisionServiceRoles(adminUrl, { ...names, appPassword, ownerPassword });
  return { ownerUrl: roleUrl(adminUrl, names.ownerRole, ownerPassword), appUrl };
}
