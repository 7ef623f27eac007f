import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { applyKeyset } from '@meshplane/database';
import {
  checkOptionalText,
  decodeCursor,
  encodeCursor,
  NAME_MAX_LENGTH,
  pageOf,
  pageSize,
  SortDirection,
  type Connection,
} from '@meshplane/graphql';
import { containsPattern } from './like-pattern.js';
import { NameSortField, type NamedListArgs } from './named-list.args.js';
import { cursorShape, type SortColumn } from './page.js';

interface NamedRow extends ObjectLiteral {
  id: string;
  name: string;
  createdAt: Date;
}

/** One page of a table of named rows (alias `e`), filtered by name and keyset-sorted by name or creation time. */
export async function namedPage<R extends NamedRow, N>(
  query: () => SelectQueryBuilder<R>,
  args: NamedListArgs,
  nodeOf: (row: R) => N,
): Promise<Connection<N>> {
  const size = pageSize(args.first);
  const field = args.sort?.field ?? NameSortField.NAME;
  const direction = args.sort?.direction ?? SortDirection.ASC;
  const nameContains = checkOptionalText(args.filter?.nameContains, 'filter.nameContains', NAME_MAX_LENGTH);
  const column: SortColumn =
    field === NameSortField.NAME
      ? { sql: 'e.name', type: 'text' }
      : { sql: 'e.createdAt', type: 'timestamptz' };
  const cursor = cursorShape(field, direction, column.type);
  const after = decodeCursor(args.after, cursor);
  const filtered = () => {
    const qb = query();
    if (nameContains) qb.andWhere('e.name ILIKE :name', { name: containsPattern(nameContains) });
    return qb;
  };
  const [rows, totalCount] = await Promise.all([
    applyKeyset(filtered(), { columns: [column, { sql: 'e.id', type: 'uuid' }], direction, after })
      .limit(size + 1)
      .getMany(),
    filtered().getCount(),
  ]);
  const keyOf = (row: R) => (field === NameSortField.NAME ? row.name : row.createdAt.toISOString());
  return { ...pageOf(rows, size, (row) => encodeCursor(cursor, [keyOf(row), row.id]), nodeOf), totalCount };
}
