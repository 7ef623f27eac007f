import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@meshplane/auth';
import {
  assertMayChangeRole,
  assertMayInvite,
  assertMayLeave,
  assertMayRemove,
} from '../members/membership-rules.js';

const code = (action: () => void): string | undefined => {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('membership rules', () => {
  it.each<[Role, Role, string | undefined]>([
    ['owner', 'owner', undefined],
    ['owner', 'viewer', undefined],
    ['admin', 'admin', undefined],
    ['admin', 'owner', 'FORBIDDEN'],
    ['member', 'viewer', 'FORBIDDEN'],
    ['viewer', 'viewer', 'FORBIDDEN'],
  ])('a %s inviting as %s gets %s', (actorRole, role, expected) => {
    expect(code(() => assertMayInvite(actorRole, role))).toBe(expected);
  });

  it('lets only owners grant, change or remove the owner role', () => {
    expect(
      code(() =>
        assertMayChangeRole({ actorRole: 'admin', currentRole: 'member', newRole: 'owner', ownerCount: 1 }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(() =>
        assertMayChangeRole({ actorRole: 'admin', currentRole: 'owner', newRole: 'admin', ownerCount: 2 }),
      ),
    ).toBe('FORBIDDEN');
    expect(code(() => assertMayRemove({ actorRole: 'admin', targetRole: 'owner', ownerCount: 2 }))).toBe(
      'FORBIDDEN',
    );
    expect(
      code(() =>
        assertMayChangeRole({ actorRole: 'owner', currentRole: 'member', newRole: 'owner', ownerCount: 1 }),
      ),
    ).toBeUndefined();
    expect(
      code(() => assertMayRemove({ actorRole: 'owner', targetRole: 'owner', ownerCount: 2 })),
    ).toBeUndefined();
  });

  it('lets admins manage non-owners and refuses members and viewers', () => {
    expect(
      code(() =>
        assertMayChangeRole({ actorRole: 'admin', currentRole: 'viewer', newRole: 'admin', ownerCount: 1 }),
      ),
    ).toBeUndefined();
    expect(
      code(() => assertMayRemove({ actorRole: 'admin', targetRole: 'member', ownerCount: 1 })),
    ).toBeUndefined();
    for (const actorRole of ['member', 'viewer'] as const) {
      expect(
        code(() =>
          assertMayChangeRole({ actorRole, currentRole: 'viewer', newRole: 'member', ownerCount: 1 }),
        ),
      ).toBe('FORBIDDEN');
      expect(code(() => assertMayRemove({ actorRole, targetRole: 'viewer', ownerCount: 1 }))).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('never leaves an organization without an owner', () => {
    expect(
      code(() =>
        assertMayChangeRole({ actorRole: 'owner', currentRole: 'owner', newRole: 'admin', ownerCount: 1 }),
      ),
    ).toBe('LAST_OWNER');
    expect(code(() => assertMayRemove({ actorRole: 'owner', targetRole: 'owner', ownerCount: 1 }))).toBe(
      'LAST_OWNER',
    );
    expect(code(() => assertMayLeave('owner', 1))).toBe('LAST_OWNER');
    expect(
      code(() =>
        assertMayChangeRole({ actorRole: 'owner', currentRole: 'owner', newRole: 'admin', ownerCount: 2 }),
      ),
    ).toBeUndefined();
    expect(code(() => assertMayLeave('owner', 2))).toBeUndefined();
  });

  it('lets anyone but the last owner leave', () => {
    for (const role of ROLES.filter((r) => r !== 'owner'))
      expect(code(() => assertMayLeave(role, 1))).toBeUndefined();
  });

  it('names why the last owner is refused', () => {
    expect(() => assertMayLeave('owner', 1)).toThrow(/last owner/);
  });
});
