import type { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TenancyPageInfo', { description: 'Where a page of a tenancy list ends.' })
export class TenancyPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: TenancyPageInfo;
  totalCount: number;
}

/** The `XConnection`/`XEdge` pair of a node type; extend the returned class with `@ObjectType('XConnection')`. */
export function connectionOf<T>(node: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType implements Connection<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => TenancyPageInfo)
    pageInfo!: TenancyPageInfo;

    @Field(() => Int, { description: 'How many match the filter, across all pages.' })
    totalCount!: number;
  }
  return ConnectionType as Type<Connection<T>>;
}
