import { ValidationFailedError } from '@meshplane/graphql';
import { isUuid } from '../persistence/uuid.js';

export const MAX_PAGE_SIZE = 100;

/** Opaque keyset cursor: the sort it belongs to, that sort's value, and the row id (the tie-breaker). */
export function encodeCursor(sort: string, value: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, field = 'after'): { value: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationFailedError(field, 'is not a cursor returned by this API');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) {
    throw new ValidationFailedError(field, 'is not a cursor returned by this API');
  }
  const [cursorSort, value, id] = parsed as unknown[];
  if (typeof value !== 'string' || typeof id !== 'string' || !isUuid(id) || value.length > 1000) {
    throw new ValidationFailedError(field, 'is not a cursor returned by this API');
  }
  if (cursorSort !== sort) throw new ValidationFailedError(field, 'belongs to another sort order');
  return { value, id };
}

export function checkPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationFailedError('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}
