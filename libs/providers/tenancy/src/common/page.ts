import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { ValidationFailedError } from '@meshplane/graphql';
import type { Connection } from './connection.model.js';
import { SortDirection } from './sort-direction.enum.js';

const MAX_PAGE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A position in a list sorted by one key then id: what an opaque cursor carries. */
export interface Position {
  key: string;
  id: string;
}

/** One sortable field: the SQL expression (from a fixed table, never from input) and how its key is typed. */
export interface SortColumn {
  expression: string;
  type: 'text' | 'timestamptz';
}

export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new ValidationFailedError('first', `must be between 1 and ${MAX_PAGE}`);
  }
  return first;
}

/** Cursors name their sort field, so a cursor of one ordering is refused by another instead of skipping rows. */
export function encodeCursor(field: string, position: Position): string {
  return Buffer.from(JSON.stringify([field, position.key, position.id])).toString('base64url');
}

export function decodeCursor(field: string, cursor: string | null | undefined): Position | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== field ||
    typeof parsed[1] !== 'string' ||
    typeof parsed[2] !== 'string' ||
    !UUID.test(parsed[2])
  ) {
    throw new ValidationFailedError('after', 'is not a cursor of this list in this order');
  }
  return { key: parsed[1], id: parsed[2] };
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
      { afterKey: position.key, afterId: position.id },
    );
  }
  return qb.orderBy(column.expression, order).addOrderBy(idExpression, order);
}

/** The connection of `rows`, fetched with one row more than `size` to learn whether a next page exists. */
export function toConnection<R, N>(
  rows: R[],
  size: number,
  totalCount: number,
  field: string,
  positionOf: (row: R) => Position,
  nodeOf: (row: R) => N,
): Connection<N> {
  const page = rows.slice(0, size);
  const edges = page.map((row) => ({ cursor: encodeCursor(field, positionOf(row)), node: nodeOf(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
