import { ValidationFailedError } from '@meshplane/graphql';
import { ApiTokenSortField } from './dto/api-token.inputs.js';
import type { ApiTokenEntity } from './api-token.entity.js';

/** Keyset position: the sort column's value and the id that breaks ties, bound to the sort it was made for. */
export interface ApiTokenCursor {
  field: ApiTokenSortField;
  value: string;
  id: string;
}

export function encodeCursor(field: ApiTokenSortField, row: ApiTokenEntity): string {
  const value = field === ApiTokenSortField.NAME ? row.name : sortDate(field, row).toISOString();
  return Buffer.from(JSON.stringify({ field, value, id: row.id }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field: ApiTokenSortField): ApiTokenCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationFailedError('after', 'is not a cursor of this list');
  }
  const candidate = parsed as Partial<ApiTokenCursor> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.field !== field ||
    typeof candidate.value !== 'string' ||
    typeof candidate.id !== 'string' ||
    !/^[0-9a-f-]{36}$/i.test(candidate.id)
  ) {
    throw new ValidationFailedError('after', 'is not a cursor of this list (or of another sort)');
  }
  return { field, value: candidate.value, id: candidate.id };
}

function sortDate(field: ApiTokenSortField, row: ApiTokenEntity): Date {
  return field === ApiTokenSortField.EXPIRES_AT ? row.expiresAt : row.createdAt;
}
