import type { Keyset, KeysetDirection } from '@meshplane/database';

/** A page of a list: ordered by one whitelisted column then id, resumed strictly after (value, id). */
export interface PageQuery {
  /** Entity property name, from a fixed sort table: never caller text. */
  readonly column: string;
  /** The column's SQL type, which the cursor value is cast to (an enum's qualified name for a status). */
  readonly type: string;
  readonly direction: KeysetDirection;
  readonly after?: readonly [value: string, id: string] | undefined;
  readonly limit: number;
}

/** The page as the keyset helper of `@meshplane/database` takes it, over the query's `alias`. */
export function keysetOf(alias: string, page: PageQuery): Keyset {
  return {
    columns: [
      { sql: `${alias}.${page.column}`, type: page.type },
      { sql: `${alias}.id`, type: 'uuid' },
    ],
    direction: page.direction,
    after: page.after,
  };
}
