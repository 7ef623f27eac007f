import { ValidationFailedError } from '@meshplane/graphql';
import { resourceSortFields, type ResourceSort } from './resource-query.js';

interface CursorBody {
  f: string;
  d: string;
  v: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque keyset cursor: the sort it was issued for, the row's sort value and id. */
export function encodeResourceCursor(sort: ResourceSort, value: string, id: string): string {
  const body: CursorBody = { f: sort.field, d: sort.direction, v: value, id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The position a cursor stands for; refused when forged or issued for another sort. */
export function decodeResourceCursor(
  cursor: string,
  sort: ResourceSort,
  field = 'after',
): { value: string; id: string } {
  const invalid = () => new ValidationFailedError(field, 'is not a cursor returned by this query');
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw invalid();
  }
  if (typeof body !== 'object' || body === null) throw invalid();
  const { f, d, v, id } = body;
  if (typeof v !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw invalid();
  if (!resourceSortFields.includes(f as ResourceSort['field'])) throw invalid();
  if (f === 'updatedAt' && Number.isNaN(Date.parse(v))) throw invalid();
  if (f !== sort.field || d !== sort.direction) {
    throw new ValidationFailedError(field, 'was issued for another sort order');
  }
  return { value: v, id };
}
