import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export type KeysetDirection = 'ASC' | 'DESC';

/**
 * One column of a keyset order. `sql` and `type` come from a fixed table in the repository (a sort enum maps to
 * one entry), never from request text. The column must be NOT NULL (or wrapped in `coalesce`): a row comparison
 * with NULL is unknown, so such rows would silently drop out of every page after the first.
 */
export interface KeysetColumn {
  /** The column as SQL (`t.created_at`), or the entity path in a TypeORM query builder (`t.createdAt`). */
  readonly sql: string;
  /** The SQL type the cursor's value is cast to: `text`, `timestamptz`, `uuid`, `bigint`, an enum's qualified name. */
  readonly type: string;
  /** This column's own direction, when it differs from the keyset's (mixed orders); the keyset's otherwise. */
  readonly direction?: KeysetDirection;
}

/**
 * Keyset pagination, the one way lists page (stable while rows are added and removed): rows ordered by
 * `columns`, the last of which is unique (the id that breaks ties), resumed strictly after the position `after`
 * (one value per column, as the cursor carried them; see `decodeCursor` in `@meshplane/graphql`).
 */
export interface Keyset {
  readonly columns: readonly KeysetColumn[];
  readonly direction: KeysetDirection;
  readonly after?: readonly string[] | undefined;
}

/** The placeholder for one bound value of the given SQL type, e.g. `$3::uuid`; values never become SQL text. */
export type BindValue = (value: string, type: string) => string;

/** `a ASC, b ASC, id ASC`: the ORDER BY of the keyset. */
export function keysetOrderSql(keyset: Keyset): string {
  return orderOf(keyset)
    .map(({ sql, direction }) => `${sql} ${direction}`)
    .join(', ');
}

/**
 * The condition selecting the rows strictly after `keyset.after`, or undefined on the first page. Columns sorted
 * the same way compare as one row value (`(a, id) > ($1, $2)`, which an index on (a, id) serves); where the
 * direction changes, the earlier group must be equal and the next one past the position.
 */
export function keysetAfterSql(keyset: Keyset, bind: BindValue): string | undefined {
  const { after } = keyset;
  if (after === undefined) return undefined;
  const columns = orderOf(keyset);
  if (columns.length === 0) throw new Error('a keyset needs at least one column');
  if (after.length !== columns.length) {
    throw new Error(
      `a keyset position has one value per column: ${columns.length} expected, ${after.length} given`,
    );
  }
  const groups: { sql: string[]; values: string[]; direction: KeysetDirection }[] = [];
  columns.forEach((column, index) => {
    const value = bind(after[index] as string, column.type);
    const last = groups.at(-1);
    if (last?.direction === column.direction) {
      last.sql.push(column.sql);
      last.values.push(value);
    } else groups.push({ sql: [column.sql], values: [value], direction: column.direction });
  });
  const row = (parts: string[]) => `(${parts.join(', ')})`;
  const alternatives = groups.map((group, index) => {
    const equal = groups.slice(0, index).map((g) => `${row(g.sql)} = ${row(g.values)}`);
    const past = `${row(group.sql)} ${group.direction === 'ASC' ? '>' : '<'} ${row(group.values)}`;
    return [...equal, past].join(' AND ');
  });
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.map((a) => `(${a})`).join(' OR ')})`;
}

/** Applies the keyset to a TypeORM query builder: replaces its order and adds the after-position condition. */
export function applyKeyset<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  keyset: Keyset,
): SelectQueryBuilder<T> {
  let bound = 0;
  const condition = keysetAfterSql(keyset, (value, type) => {
    const name = `keyset_${bound++}`;
    qb.setParameter(name, value);
    // CAST(… AS …), not `::`: TypeORM would read `:name::type` as two parameters.
    return `CAST(:${name} AS ${type})`;
  });
  if (condition !== undefined) qb.andWhere(condition);
  const [first, ...rest] = orderOf(keyset);
  if (first === undefined) throw new Error('a keyset needs at least one column');
  qb.orderBy(first.sql, first.direction);
  for (const { sql, direction } of rest) qb.addOrderBy(sql, direction);
  return qb;
}

function orderOf(keyset: Keyset): { sql: string; type: string; direction: KeysetDirection }[] {
  return keyset.columns.map((column) => ({
    sql: column.sql,
    type: column.type,
    direction: column.direction ?? keyset.direction,
  }));
}
