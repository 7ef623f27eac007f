import { describe, expect, it } from 'vitest';
import { validEmail, validName } from '../common/input-validation.js';
import { decodeCursor, encodeCursor } from '../common/page.js';
import { containsPattern } from '../common/like-pattern.js';
import { slugBase } from '../organizations/organization-slug.js';

describe('tenancy input validation', () => {
  it('trims names and accepts any script up to 100 characters', () => {
    expect(validName('name', '  Équipe 東京 🚀 ')).toBe('Équipe 東京 🚀');
    expect(validName('name', '界'.repeat(100))).toHaveLength(100);
  });

  it.each([
    ['empty', '   '],
    ['too long', 'x'.repeat(101)],
    ['a NUL', 'a\u0000b'],
    ['a newline', 'a\nb'],
    ['a C1 control', 'a\u0085b'],
    ['a bidi override', 'a\u202eb'],
  ])('refuses a name that is %s, naming the field', (_label, name) => {
    expect(() => validName('input.name', name)).toThrow(/^input\.name: /);
  });

  it('lower-cases emails and refuses malformed ones', () => {
    expect(validEmail('email', ' Ada@Example.COM ')).toBe('ada@example.com');
    for (const bad of [
      'ada',
      'ada@',
      '@example.com',
      'a b@example.com',
      'ada@example',
      "x'; DROP TABLE users;--@a.b c",
    ]) {
      expect(() => validEmail('email', bad)).toThrow(/^email: /);
    }
  });

  it('escapes LIKE wildcards so that they match themselves', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  it('round-trips cursors and refuses forged or foreign ones', () => {
    const position = { key: 'alpha', id: '0b7e3d3c-8f1e-4d0a-9a53-3d1a8c1f2e4b' };
    expect(decodeCursor('NAME', encodeCursor('NAME', position))).toEqual(position);
    expect(() => decodeCursor('CREATED_AT', encodeCursor('NAME', position))).toThrow(/^after: /);
    expect(() => decodeCursor('NAME', 'not-a-cursor')).toThrow(/^after: /);
    expect(() => decodeCursor('NAME', encodeCursor('NAME', { key: 'a', id: "1' OR '1'='1" }))).toThrow(
      /^after: /,
    );
  });

  it('derives ASCII slugs from any name', () => {
    expect(slugBase('Élan Systems, Inc.')).toBe('elan-systems-inc');
    expect(slugBase('東京')).toBe('org');
  });
});
