import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';

@ObjectType({ description: 'A deployment target inside a workspace (e.g. staging, production).' })
export class Environment {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('EnvironmentConnection')
export class EnvironmentConnection extends connectionOf(Environment, 'Environment') {}
