import { ROLES, type Role } from '@meshplane/auth';

/** The strongest of the caller's roles (ROLES is ordered owner first); undefined when there is none. */
export function highestRole(roles: readonly Role[]): Role | undefined {
  return ROLES.find((role) => roles.includes(role));
}
