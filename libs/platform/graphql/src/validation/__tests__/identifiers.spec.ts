import { describe, expect, it } from 'vitest';
import { checkUuid, isUuid } from '../identifiers.js';

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
