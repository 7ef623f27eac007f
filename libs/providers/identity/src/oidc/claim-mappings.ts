import { ROLES, type Role } from '@meshplane/auth';
import type { ClaimMapping } from './oidc.config.js';

/**
 * The role each organization named in `mappings` grants for these ID token claims: the highest role of the
 * mappings that match, or undefined when none does (the organization is named, so the member loses it). A mapping
 * matches when its claim (a dotted path: `groups`, `realm_access.roles`) is the value, or a list containing it.
 */
export function rolesFromClaims(
  claims: Record<string, unknown>,
  mappings: readonly ClaimMapping[],
): Map<string, Role | undefined> {
  const roles = new Map<string, Role | undefined>();
  for (const mapping of mappings) {
    const current = roles.get(mapping.organization);
    roles.set(mapping.organization, current);
    if (!claimValues(claims, mapping.claim).includes(mapping.value)) continue;
    if (current === undefined || rank(mapping.role) < rank(current))
      roles.set(mapping.organization, mapping.role);
  }
  return roles;
}

/** ROLES runs from owner (0) to viewer: the lower, the more it grants. */
function rank(role: Role): number {
  return ROLES.indexOf(role);
}

function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
