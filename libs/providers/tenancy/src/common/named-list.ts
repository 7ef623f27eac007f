import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Connection } from './connection.model.js';
import { validSearch } from './input-validation.js';
import { containsPattern } from './like-pattern.js';
import { NameSortField, type NamedListArgs } from './named-list.args.js';
import { applyKeyset, decodeCursor, pageSize, toConnection, type SortColumn } from './page.js';
import { SortDirection } from './sort-direction.enum.js';

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
  const position = decodeCursor(field, args.after);
  const nameContains = validSearch('filter.nameContains', args.filter?.nameContains);
  const filtered = () => {
    const qb = query();
    if (nameContains) qb.andWhere('e.name ILIKE :name', { name: containsPattern(nameContains) });
    return qb;
  };
  const column: SortColumn =
    field === NameSortField.NAME
      ? { expression: 'e.name', type: 'text' }
      : { expression: 'e.createdAt', type: 'timestamptz' };
  const [rows, totalCount] = await Promise.all([
    applyKeyset(filtered(), column, 'e.id', direction, position)
      .limit(size + 1)
      .getMany(),
    filtered().getCount(),
  ]);
  const keyOf = (row: R) => (field === NameSortField.NAME ? row.name : row.createdAt.toISOString());
  return toConnection(rows, size, totalCount, field, (row) => ({ key: keyOf(row), id: row.id }), nodeOf);
}
