import { describe, expect, it } from 'vitest';
import { containsPattern } from '../common/like-pattern.js';
import { slugBase } from '../organizations/organization-slug.js';

// Names, emails, ids and cursors are checked by @meshplane/graphql's validators and codec (tested there).
describe('tenancy text helpers', () => {
  it('escapes LIKE wildcards so that they match themselves', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  it('derives ASCII slugs from any name', () => {
    expect(slugBase('Élan Systems, Inc.')).toBe('elan-systems-inc');
    expect(slugBase('東京')).toBe('org');
  });
});
