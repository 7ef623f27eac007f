import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors/domain-error.js';
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH, type CursorKey } from '../cursor.js';

const ID = '3f1c2a9e-5b7d-4e0f-8a61-2c4d6e8f0a1b';
const BY_NAME = { order: 'NAME:ASC', keys: ['text', 'uuid'] } as const;
const BY_TIME = { order: 'CREATED_AT:DESC', keys: ['timestamp', 'uuid'] } as const;
const BY_SEQ = { order: 'seq', keys: ['integer'] } as const;

/** A cursor as a forger would write one: our encoding around any payload. */
const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('cursor codec', () => {
  it('gives back the position it encoded, for every kind of key', () => {
    const name = 'Café 名前 "quoted" \\ / ,';
    expect(decodeCursor(encodeCursor(BY_NAME, [name, ID]), BY_NAME)).toEqual([name, ID]);
    const at = new Date('2024-02-29T23:59:59.999Z').toISOString();
    expect(decodeCursor(encodeCursor(BY_TIME, [at, ID]), BY_TIME)).toEqual([at, ID]);
    expect(decodeCursor(encodeCursor(BY_SEQ, ['9223372036854775807']), BY_SEQ)).toEqual([
      '9223372036854775807',
    ]);
  });

  it('reads no cursor (null or absent) as the first page, but an empty one as a mistake', () => {
    expect(decodeCursor(null, BY_NAME)).toBeUndefined();
    expect(decodeCursor(undefined, BY_NAME)).toBeUndefined();
    expect(() => decodeCursor('', BY_NAME)).toThrow(/^after: is not a cursor/);
  });

  it('writes opaque, URL-safe cursors', () => {
    const cursor = encodeCursor(BY_NAME, ['web', ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('web');
  });

  it('refuses a cursor of another ordering, saying to start again', () => {
    const error = refusal(() =>
      decodeCursor(encodeCursor(BY_NAME, ['web', ID]), { ...BY_NAME, order: 'NAME:DESC' }),
    );
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(
      'after: belongs to another sort order; start again from the first page, or keep the sort',
    );
    expect(error.details).toEqual({ field: 'after' });
  });

  it('refuses a cursor of another version', () => {
    expect(() => decodeCursor(forge([0, 'NAME:ASC', 'web', ID]), BY_NAME)).toThrow(
      'after: was issued by another version of the API; start again from the first page',
    );
  });

  const hostile: [string, string][] = [
    ['empty', ''],
    ['garbage', 'not a cursor!'],
    ['base64 of garbage', Buffer.from('}{').toString('base64url')],
    ['standard base64 padding', `${encodeCursor(BY_NAME, ['web', ID])}=`],
    [
      'a character Node would skip',
      `${encodeCursor(BY_NAME, ['web', ID]).slice(0, 4)}.${encodeCursor(BY_NAME, ['web', ID]).slice(4)}`,
    ],
    ['truncated', encodeCursor(BY_NAME, ['web', ID]).slice(0, -3)],
    ['invalid UTF-8', Buffer.from([0x5b, 0x31, 0x2c, 0x22, 0xff, 0x22, 0x5d]).toString('base64url')],
    ['JSON but not an array', forge({ order: 'NAME:ASC', value: 'web', id: ID })],
    ['a JSON string', forge('NAME:ASC')],
    ['null', forge(null)],
    ['too few values', forge([1, 'NAME:ASC', 'web'])],
    ['too many values', forge([1, 'NAME:ASC', 'web', ID, 'extra'])],
    ['a number for text', forge([1, 'NAME:ASC', 42, ID])],
    ['an object for text', forge([1, 'NAME:ASC', { $gt: '' }, ID])],
    ['NUL in text', forge([1, 'NAME:ASC', 'a\u0000b', ID])],
    ['an oversized text', forge([1, 'NAME:ASC', 'x'.repeat(513), ID])],
    ['a non-UUID id', forge([1, 'NAME:ASC', 'web', "1' OR '1'='1"])],
    ['a number as order', forge([1, 7, 'web', ID])],
    ['deep nesting', forge([[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]])],
  ];
  it.each(hostile)('refuses %s naming the argument, as BAD_USER_INPUT', (_, cursor) => {
    const error = refusal(() => decodeCursor(cursor, BY_NAME));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('after: is not a cursor of this list; pass the endCursor of a previous page');
  });

  it.each([
    ['not a date', 'yesterday'],
    ['a date without time', '2024-01-01'],
    ['another time zone', '2024-01-01T00:00:00.000+01:00'],
    ['microseconds', '2024-01-01T00:00:00.000001Z'],
    ['a day that does not exist', '2024-02-30T00:00:00.000Z'],
    ['year 0000, which Postgres lacks', '0000-06-01T00:00:00.000Z'],
    ['an extended year', '+010000-01-01T00:00:00.000Z'],
  ])('refuses a timestamp that is %s', (_, value) => {
    expect(() => decodeCursor(forge([1, BY_TIME.order, value, ID]), BY_TIME)).toThrow(
      /^after: is not a cursor/,
    );
  });

  it.each([
    ['negative', '-1'],
    ['with leading zeros', '007'],
    ['beyond bigint', '9223372036854775808'],
    ['fractional', '1.5'],
    ['exponent', '1e3'],
  ])('refuses an integer that is %s', (_, value) => {
    expect(() => decodeCursor(forge([1, 'seq', value]), BY_SEQ)).toThrow(/^after: is not a cursor/);
  });

  it('names the argument it decodes for', () => {
    expect(() => decodeCursor('nope', BY_NAME, 'input.after')).toThrow(/^input\.after: /);
  });

  it('refuses an oversized cursor before decoding it, in bounded time', () => {
    const huge = 'A'.repeat(10_000_000);
    const started = performance.now();
    expect(() => decodeCursor(huge, BY_NAME)).toThrow(/^after: is not a cursor/);
    expect(() => decodeCursor('A'.repeat(MAX_CURSOR_LENGTH + 1), BY_NAME)).toThrow(/^after: is not a cursor/);
    // Generous: the length check answers in microseconds; a decode of 10 MB would take far longer.
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('stays linear on the longest cursor it accepts', () => {
    const longest = forge([1, 'NAME:ASC', '"'.repeat(512), ID]);
    expect(longest.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) decodeCursor(longest, BY_NAME);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('will not write a cursor it would refuse to read (a bug in the list, not the caller)', () => {
    expect(() => encodeCursor(BY_TIME, ['2024-01-01', ID])).toThrow('value 1 is not a valid timestamp');
    expect(() => encodeCursor(BY_NAME, ['web', 'not-a-uuid'])).toThrow('value 2 is not a valid uuid');
    const keys: readonly CursorKey[] = ['text'];
    expect(() => encodeCursor({ order: 'x', keys }, ['a', 'b'])).toThrow('expected 1 values, got 2');
  });
});
