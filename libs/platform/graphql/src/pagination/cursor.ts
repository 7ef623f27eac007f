import { ValidationFailedError } from '../errors/domain-error.js';
import { isUuid } from '../validation/identifiers.js';

/**
 * What one value of a cursor position is. Each is checked when a cursor comes back, so whatever a caller sends,
 * the query behind `after` only ever receives well-formed values (no SQL cast can fail on them).
 * - `text`: at most 512 UTF-16 code units, no NUL (which Postgres text cannot hold);
 * - `timestamp`: an instant of the years 0001–9999 exactly as `Date.prototype.toISOString()` writes it
 *   (millisecond precision, UTC), which Postgres reads as `timestamptz`;
 * - `uuid`: a UUID;
 * - `integer`: a whole number from 0 to 2^63 - 1 (a Postgres `bigint`), in decimal without leading zeros.
 */
export type CursorKey = 'text' | 'timestamp' | 'uuid' | 'integer';

/** The ordering a cursor belongs to and the kinds of the values that place a row in it. */
export interface CursorShape<K extends readonly CursorKey[] = readonly CursorKey[]> {
  /**
   * Names the list and its sort, e.g. `NAME:ASC`: a cursor is refused by any other ordering, where it would
   * silently skip or repeat rows.
   */
  order: string;
  /** The sort key(s) first, then the tie-breaker (usually the row id). */
  keys: K;
}

/** The values of a decoded position, one string per key of its shape. */
export type CursorValues<K extends readonly CursorKey[]> = { [I in keyof K]: string };

/** Bumped when the format changes; a cursor of another version is refused with a message saying what to do. */
const CURSOR_VERSION = 1;
/** Checked before any decoding, so a huge `after` costs nothing. Well above what any real position needs. */
export const MAX_CURSOR_LENGTH = 4096;
const MAX_TEXT_KEY_LENGTH = 512;
const MAX_BIGINT = 9223372036854775807n;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const INTEGER = /^(?:0|[1-9][0-9]{0,18})$/;
const INSTANT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The cursor of a row: opaque (base64url of a versioned JSON array), bound to its ordering. Cursors are not
 * signed: they hold nothing secret, every query they feed is tenant-scoped with bound parameters, and each value
 * is checked on the way back in, so an edited cursor can only move the caller within their own list.
 */
export function encodeCursor<const K extends readonly CursorKey[]>(
  shape: CursorShape<K>,
  values: CursorValues<K>,
): string {
  const problem = invalidValues(shape.keys, values);
  // A value that would fail on the way back in is a bug in the list, not the caller's mistake.
  if (problem) throw new Error(`cannot encode a cursor of ${shape.order}: ${problem}`);
  const cursor = Buffer.from(JSON.stringify([CURSOR_VERSION, shape.order, ...values])).toString('base64url');
  if (cursor.length > MAX_CURSOR_LENGTH) throw new Error(`a cursor of ${shape.order} is too long`);
  return cursor;
}

/**
 * The position `cursor` stands for in `shape`'s ordering; `undefined` when there is none (null or absent: the
 * first page). Anything else — garbage, an empty string, an edited or truncated cursor, one of another list,
 * ordering or version — is BAD_USER_INPUT naming `argument`. Linear in the cursor's length, which is bounded
 * before any work.
 */
export function decodeCursor<const K extends readonly CursorKey[]>(
  cursor: string,
  shape: CursorShape<K>,
  argument?: string,
): CursorValues<K>;
export function decodeCursor<const K extends readonly CursorKey[]>(
  cursor: string | null | undefined,
  shape: CursorShape<K>,
  argument?: string,
): CursorValues<K> | undefined;
export function decodeCursor<const K extends readonly CursorKey[]>(
  cursor: string | null | undefined,
  shape: CursorShape<K>,
  argument = 'after',
): CursorValues<K> | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const refuse = (why: string) => new ValidationFailedError(argument, why);
  const notOurs = () => refuse('is not a cursor of this list; pass the endCursor of a previous page');
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw notOurs();
  const bytes = Buffer.from(cursor, 'base64url');
  // Node skips characters it cannot place; only a cursor that re-encodes to itself is one we wrote.
  if (bytes.toString('base64url') !== cursor) throw notOurs();
  let parsed: unknown;
  try {
    parsed = JSON.parse(STRICT_UTF8.decode(bytes));
  } catch {
    throw notOurs();
  }
  if (!Array.isArray(parsed) || parsed.length < 2) throw notOurs();
  const [version, order, ...values] = parsed as unknown[];
  if (version !== CURSOR_VERSION) {
    throw refuse('was issued by another version of the API; start again from the first page');
  }
  if (typeof order !== 'string' || values.length !== shape.keys.length) throw notOurs();
  if (order !== shape.order) {
    throw refuse('belongs to another sort order; start again from the first page, or keep the sort');
  }
  if (invalidValues(shape.keys, values)) throw notOurs();
  return values as CursorValues<K>;
}

function invalidValues(keys: readonly CursorKey[], values: readonly unknown[]): string | undefined {
  if (values.length !== keys.length) return `expected ${keys.length} values, got ${values.length}`;
  const index = keys.findIndex((key, i) => !isValid(key, values[i]));
  return index === -1 ? undefined : `value ${index + 1} is not a valid ${keys[index]}`;
}

function isValid(key: CursorKey, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  switch (key) {
    case 'text':
      return value.length <= MAX_TEXT_KEY_LENGTH && !value.includes('\u0000');
    case 'timestamp':
      return isCanonicalInstant(value);
    case 'uuid':
      return isUuid(value);
    case 'integer':
      return INTEGER.test(value) && BigInt(value) <= MAX_BIGINT;
  }
}

/** Year 0000 exists in JavaScript (1 BC) but not in Postgres; `Date` rolls 02-30 over to March: both refused. */
function isCanonicalInstant(value: string): boolean {
  if (!INSTANT.test(value) || value.startsWith('0000')) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}
