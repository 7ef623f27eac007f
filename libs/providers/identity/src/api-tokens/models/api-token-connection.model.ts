import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiToken } from './api-token.model.js';

@ObjectType()
export class ApiTokenEdge {
  @Field()
  cursor!: string;

  @Field(() => ApiToken)
  node!: ApiToken;
}

@ObjectType()
export class ApiTokenPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class ApiTokenConnection {
  @Field(() => [ApiTokenEdge])
  edges!: ApiTokenEdge[];

  @Field(() => ApiTokenPageInfo)
  pageInfo!: ApiTokenPageInfo;

  @Field(() => Int)
  totalCount!: number;
}
