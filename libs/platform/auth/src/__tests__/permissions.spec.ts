import { describe, expect, it } from 'vitest';
import { PERMISSIONS, can, permissionsOf } from '../index.js';

describe('roles and permissions', () => {
  it('lets a viewer read but not write', () => {
    expect(can(['viewer'], 'resources:read')).toBe(true);
    expect(can(['viewer'], 'resources:write')).toBe(false);
  });

  it('lets a member write resources but not manage members', () => {
    expect(can(['member'], 'resources:write')).toBe(true);
    expect(can(['member'], 'members:manage')).toBe(false);
  });

  it('keeps deleting the organisation to owners', () => {
    expect(can(['admin'], 'org:delete')).toBe(false);
    expect(can(['owner'], 'org:delete')).toBe(true);
  });

  it('grants an owner every permission', () => {
    expect([...permissionsOf(['owner'])].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('grants nothing for unknown roles or none', () => {
    expect(can(['superuser'], 'org:read')).toBe(false);
    expect(can([], 'org:read')).toBe(false);
    expect(permissionsOf(['superuser']).size).toBe(0);
  });

  it('unions the permissions of several roles', () => {
    expect(can(['viewer', 'admin'], 'members:manage')).toBe(true);
  });
});
