import { describe, expect, it } from 'vitest';
import {
  checkDescription,
  checkName,
  checkOptionalText,
  checkText,
  hasControlCharacters,
  replaceControlCharacters,
} from '../text.js';

describe('control characters (the one definition)', () => {
  it.each([
    ['NUL', '\u0000'],
    ['a tab', '\t'],
    ['a newline', '\n'],
    ['a carriage return', '\r'],
    ['ESC (terminal escapes)', '\u001b[31m'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
    ['the line separator', '\u2028'],
    ['the paragraph separator', '\u2029'],
    ['a right-to-left override', '\u202e'],
    ['a left-to-right embedding', '\u202a'],
    ['a first-strong isolate', '\u2068'],
    ['a pop-directional isolate', '\u2069'],
  ])('counts %s', (_, character) => {
    expect(hasControlCharacters(`name${character}x`)).toBe(true);
  });

  it.each([
    ['letters of any script', 'Ωμέγα 名前 مرحبا'],
    ['emoji', 'team 🚀'],
    ['punctuation and spaces', "O'Brien & Co. (EU) — 100%"],
    ['a zero-width joiner inside an emoji', '👩\u200d💻'],
  ])('leaves %s alone', (_, text) => {
    expect(hasControlCharacters(text)).toBe(false);
  });

  it('replaces every one of them', () => {
    expect(replaceControlCharacters('a\u0000b\nc\u202ed', '?')).toBe('a?b?c?d');
  });
});

describe('checkText', () => {
  it('trims, counts code points, and refuses what is too short or too long', () => {
    expect(checkText('  web  ', 'name', { max: 3 })).toBe('web');
    expect(checkText('🚀🚀🚀', 'name', { max: 3 })).toBe('🚀🚀🚀');
    expect(() => checkText('🚀🚀🚀🚀', 'name', { max: 3 })).toThrow('name: must be at most 3 characters');
    expect(() => checkText('   ', 'name', { max: 3 })).toThrow('name: must not be empty');
    expect(() => checkText('ab', 'code', { min: 3, max: 5 })).toThrow('code: must be 3 to 5 characters');
  });

  it('keeps text exact when trimming is off, and allows empty text when min is 0', () => {
    expect(checkText(' ctx ', 'input.contexts[0]', { max: 10, trim: false })).toBe(' ctx ');
    expect(checkText('', 'filter.namespace', { max: 10, min: 0 })).toBe('');
  });

  it('refuses a control character before trimming would hide it', () => {
    expect(() => checkText('web\n', 'input.name', { max: 10 })).toThrow(
      'input.name: must not contain control characters',
    );
  });

  it('answers a huge input quickly', () => {
    const started = performance.now();
    expect(() => checkText('x'.repeat(2_000_000), 'name', { max: 100 })).toThrow('at most 100');
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('checkName and checkOptionalText', () => {
  it('holds names to 1..100 characters', () => {
    expect(checkName(' Platform team ', 'input.name')).toBe('Platform team');
    expect(() => checkName('x'.repeat(101), 'input.name')).toThrow(
      'input.name: must be at most 100 characters',
    );
    expect(() => checkName('', 'input.name')).toThrow('input.name: must not be empty');
  });

  it('treats absent and blank optional text as none', () => {
    expect(checkOptionalText(undefined, 'filter.nameContains', 100)).toBeUndefined();
    expect(checkOptionalText(null, 'filter.nameContains', 100)).toBeUndefined();
    expect(checkOptionalText('  ', 'filter.nameContains', 100)).toBeUndefined();
    expect(checkOptionalText(' web ', 'filter.nameContains', 100)).toBe('web');
    expect(() => checkOptionalText('a\u0000', 'filter.nameContains', 100)).toThrow(
      'filter.nameContains: must not contain control characters',
    );
  });
});

describe('checkDescription', () => {
  it('is null when absent or blank, trimmed text up to 1000 characters otherwise', () => {
    expect(checkDescription(undefined, 'description')).toBeNull();
    expect(checkDescription(' \u3000 ', 'description')).toBeNull();
    expect(checkDescription(' Staging for EU ', 'description')).toBe('Staging for EU');
    expect(() => checkDescription('x'.repeat(1001), 'input.reason')).toThrow(
      'input.reason: must be at most 1000 characters',
    );
  });
});
