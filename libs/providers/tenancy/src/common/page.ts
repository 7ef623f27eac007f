import type { KeysetColumn } from '@meshplane/database';
import type { CursorShape, SortDirection } from '@meshplane/graphql';

/** A position in a list sorted by one key then id: what a cursor carries (see `cursorShape`). */
export type Position = readonly [key: string, id: string];

/** One sortable field: the SQL (from a fixed table, never from input) and how its key is typed. */
export interface SortColumn extends KeysetColumn {
  type: 'text' | 'timestamptz';
}

/** The cursor of a list sorted by `column` then a UUID id, bound to the field and direction it was issued for. */
export function cursorShape(field: string, direction: SortDirection, type: SortColumn['type']) {
  const key = type === 'timestamptz' ? 'timestamp' : 'text';
  return { order: `${field}:${direction}`, keys: [key, 'uuid'] } as const satisfies CursorShape;
}
