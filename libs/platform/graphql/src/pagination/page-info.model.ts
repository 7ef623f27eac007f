import { Directive, Field, ObjectType } from '@nestjs/graphql';

/** The one PageInfo of the supergraph: shareable, so every subgraph with a list declares the same type. */
@ObjectType({ description: 'Where a page ends and whether another one follows.' })
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` to read the next page; null when the page is empty.',
  })
  endCursor!: string | null;
}
