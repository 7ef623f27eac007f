import { describe, expect, it } from 'vitest';
import { rolesFromClaims } from '../oidc/claim-mappings.js';
import type { ClaimMapping } from '../oidc/oidc.config.js';

const mappings: ClaimMapping[] = [
  { claim: 'groups', value: 'platform-admins', organization: 'platform', role: 'admin' },
  { claim: 'groups', value: 'platform-owners', organization: 'platform', role: 'owner' },
  { claim: 'groups', value: 'everyone', organization: 'platform', role: 'viewer' },
  { claim: 'realm_access.roles', value: 'sre', organization: 'ops', role: 'member' },
];

describe('rolesFromClaims', () => {
  it('grants the highest role of the matching mappings per organization', () => {
    const roles = rolesFromClaims({ groups: ['everyone', 'platform-admins'] }, mappings);

    expect(roles.get('platform')).toBe('admin');
  });

  it('follows dotted paths and accepts a single string as well as a list', () => {
    expect(rolesFromClaims({ realm_access: { roles: ['sre'] } }, mappings).get('ops')).toBe('member');
    expect(rolesFromClaims({ groups: 'platform-owners' }, mappings).get('platform')).toBe('owner');
  });

  it('names every mapped organization, with no role where nothing matches (the membership goes)', () => {
    const roles = rolesFromClaims({ groups: ['unrelated'], realm_access: 'sre' }, mappings);

    expect([...roles.entries()]).toEqual([
      ['platform', undefined],
      ['ops', undefined],
    ]);
  });

  it('ignores values that are not strings', () => {
    expect(
      rolesFromClaims({ groups: [{ name: 'platform-admins' }, 42] }, mappings).get('platform'),
    ).toBeUndefined();
  });
});
