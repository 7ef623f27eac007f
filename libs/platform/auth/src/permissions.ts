export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org:read',
  'org:manage',
  'org:delete',
  'members:read',
  'members:manage',
  'resources:read',
  'resources:write',
  'operations:execute',
  'providers:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = ['org:read', 'members:read', 'resources:read'];
const MEMBER: readonly Permission[] = [...VIEWER, 'resources:write', 'operations:execute'];
const ADMIN: readonly Permission[] = [...MEMBER, 'org:manage', 'members:manage', 'providers:manage'];
const OWNER: readonly Permission[] = [...ADMIN, 'org:delete'];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(OWNER),
  admin: new Set(ADMIN),
  member: new Set(MEMBER),
  viewer: new Set(VIEWER),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Unknown role names (e.g. from a remote provider) grant nothing rather than failing the request. */
export function permissionsOf(roles: readonly string[]): ReadonlySet<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles.filter(isRole)) for (const permission of GRANTS[role]) granted.add(permission);
  return granted;
}

export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((role) => isRole(role) && GRANTS[role].has(permission));
}
