import type { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from './page-info.model.js';

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A page of a list: its edges and where it ends. */
export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A page that also says how many rows match across all pages. */
export interface Connection<T> extends Page<T> {
  totalCount: number;
}

/**
 * The `<name>Edge` type of `node` and an abstract connection over it; name the connection by extending the
 * result: `@ObjectType('WorkspaceConnection') class WorkspaceConnection extends connectionOf(Workspace, 'Workspace') {}`.
 * Lists that cannot count cheaply (an event log) pass `{ totalCount: false }`.
 */
export function connectionOf<T>(node: Type<T>, name: string): Type<Connection<T>>;
export function connectionOf<T>(node: Type<T>, name: string, options: { totalCount: false }): Type<Page<T>>;
export function connectionOf<T>(
  node: Type<T>,
  name: string,
  options: { totalCount: boolean } = { totalCount: true },
): Type<Page<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class PageType implements Page<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }

  if (!options.totalCount) return PageType as Type<Page<T>>;

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType extends PageType implements Connection<T> {
    @Field(() => Int, { description: 'How many match the filter, across all pages.' })
    totalCount!: number;
  }
  return ConnectionType as Type<Connection<T>>;
}

/**
 * The page of `rows`, which were read with one row more than `size` to learn whether another page follows
 * (keyset pagination: stable while rows are added and removed).
 */
export function pageOf<R, N>(
  rows: readonly R[],
  size: number,
  cursorOf: (row: R) => string,
  nodeOf: (row: R) => N,
): Page<N> {
  const edges = rows.slice(0, size).map((row) => ({ cursor: cursorOf(row), node: nodeOf(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** A page with nothing on it, for a filter that can match nothing. */
export function emptyConnection<T>(): Connection<T> {
  return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
}
