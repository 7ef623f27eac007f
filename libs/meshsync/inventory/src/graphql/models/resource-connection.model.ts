import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Resource } from './resource.model.js';

@ObjectType()
export class ResourceEdge {
  @Field()
  cursor!: string;

  @Field(() => Resource)
  node!: Resource;
}

@ObjectType('ResourcePageInfo')
export class ResourcePageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class ResourceConnection {
  @Field(() => [ResourceEdge])
  edges!: ResourceEdge[];

  @Field(() => ResourcePageInfo)
  pageInfo!: ResourcePageInfo;

  @Field(() => Int, { description: 'Resources matching the filter, across all pages.' })
  totalCount!: number;
}
