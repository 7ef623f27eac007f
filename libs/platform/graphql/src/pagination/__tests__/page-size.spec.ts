import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSize } from '../page-size.js';

describe('pageSize', () => {
  it('takes 1 to 100, and 20 when first is left out', () => {
    expect(pageSize(1)).toBe(1);
    expect(pageSize(MAX_PAGE_SIZE)).toBe(100);
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(null)).toBe(20);
  });

  it.each([0, -1, 101, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    'refuses %s naming the argument',
    (first) => {
      expect(() => pageSize(first)).toThrow('first: must be between 1 and 100');
    },
  );

  it('names the argument it was given', () => {
    expect(() => pageSize(0, 'input.first')).toThrow(/^input\.first: /);
  });
});
