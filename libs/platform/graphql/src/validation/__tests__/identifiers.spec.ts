import { describe, expect, it } from 'vitest';
import { checkEmail, checkUuid, isEmail, isUuid } from '../identifiers.js';

describe('isUuid / checkUuid', () => {
  it('accepts UUIDs in any case and gives them back lower-case', () => {
    expect(isUuid('3F1C2A9E-5B7D-4E0F-8A61-2C4D6E8F0A1B')).toBe(true);
    expect(checkUuid('3F1C2A9E-5B7D-4E0F-8A61-2C4D6E8F0A1B', 'id')).toBe(
      '3f1c2a9e-5b7d-4e0f-8a61-2c4d6e8f0a1b',
    );
  });

  it.each([
    ['empty', ''],
    ['dashes in the wrong places', '3f1c2a9e5-b7d-4e0f-8a61-2c4d6e8f0a1b'],
    ['36 characters without structure', '------------------------------------'],
    ['a trailing newline', '3f1c2a9e-5b7d-4e0f-8a61-2c4d6e8f0a1b\n'],
    ['braces', '{3f1c2a9e-5b7d-4e0f-8a61-2c4d6e8f0a1b}'],
    ['SQL', "' OR 1=1 --"],
    ['a non-hex letter', '3f1c2a9e-5b7d-4e0f-8a61-2c4d6e8f0a1g'],
  ])('refuses %s, naming the field', (_, value) => {
    expect(isUuid(value)).toBe(false);
    expect(() => checkUuid(value, 'input.id')).toThrow('input.id: must be a UUID');
  });

  it('is false for anything but a string', () => {
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});

describe('isEmail / checkEmail', () => {
  it('accepts plain addresses and gives them back trimmed and lower-case', () => {
    expect(checkEmail('  Ada.Lovelace+ops@Example.CO.uk ', 'input.email')).toBe(
      'ada.lovelace+ops@example.co.uk',
    );
    expect(isEmail('名前@例え.jp')).toBe(true);
  });

  it.each([
    ['no @', 'ada.example.com'],
    ['two @', 'ada@b@example.com'],
    ['no dot in the domain', 'ada@localhost'],
    ['an empty label', 'ada@example..com'],
    ['a space', 'ada lovelace@example.com'],
    ['a control character', 'ada\u202e@example.com'],
    ['too long', `${'a'.repeat(250)}@example.com`],
  ])('refuses %s, naming the field', (_, value) => {
    expect(isEmail(value)).toBe(false);
    expect(() => checkEmail(value, 'input.email')).toThrow(
      'input.email: must be an email address such as ada@example.com',
    );
  });

  it('answers in linear time on inputs built to make patterns backtrack', () => {
    const started = performance.now();
    for (const value of [`a@${'b.'.repeat(120)}`, `${'@'.repeat(254)}`, `a@${'b'.repeat(250)}!`]) {
      isEmail(value);
    }
    expect(performance.now() - started).toBeLessThan(50);
  });
});
