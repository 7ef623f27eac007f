import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

/** Keyset page: ordered by one whitelisted column then id, resumed strictly after (value, id). */
export interface PageQuery {
  /** Entity property name, from a fixed sort table: never caller text. */
  readonly column: string;
  readonly direction: 'ASC' | 'DESC';
  readonly after?: { readonly value: string; readonly id: string };
  readonly limit: number;
}

export function applyPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  page: PageQuery,
): SelectQueryBuilder<T> {
  const column = `${alias}.${page.column}`;
  qb.orderBy(column, page.direction).addOrderBy(`${alias}.id`, page.direction).limit(page.limit);
  if (page.after) {
    const op = page.direction === 'ASC' ? '>' : '<';
    qb.andWhere(`(${column}, ${alias}.id) ${op} (:afterValue, :afterId)`, {
      afterValue: page.after.value,
      afterId: page.after.id,
    });
  }
  return qb;
}
