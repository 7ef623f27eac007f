import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { SortDirection, type CursorShape } from '@meshplane/graphql';

/** A position in a list sorted by one key then id: what a cursor carries (see `cursorShape`). */
export type Position = readonly [key: string, id: string];

/** One sortable field: the SQL expression (from a fixed table, never from input) and how its key is typed. */
export interface SortColumn {
  expression: string;
  type: 'text' | 'timestamptz';
}

/** The cursor of a list sorted by `column` then a UUID id, bound to the field and direction it was issued for. */
export function cursorShape(field: string, direction: SortDirection, type: SortColumn['type']) {
  const key = type === 'timestamptz' ? 'timestamp' : 'text';
  return { order: `${field}:${direction}`, keys: [key, 'uuid'] } as const satisfies CursorShape;
}

/** Orders by `column` then `idExpression` and starts after `position` (keyset pagination: stable under inserts). */
export function applyKeyset<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: SortColumn,
  idExpression: string,
  direction: SortDirection,
  position: Position | undefined,
): SelectQueryBuilder<T> {
  const order = direction === SortDirection.ASC ? 'ASC' : 'DESC';
  if (position) {
    const operator = direction === SortDirection.ASC ? '>' : '<';
    qb.andWhere(
      `(${column.expression}, ${idExpression}) ${operator} (CAST(:afterKey AS ${column.type}), CAST(:afterId AS uuid))`,
      { afterKey: position[0], afterId: position[1] },
    );
  }
  return qb.orderBy(column.expression, order).addOrderBy(idExpression, order);
}
