import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';

@ObjectType({ description: 'A grouping of environments inside an organization.' })
export class Workspace {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('WorkspaceConnection')
export class WorkspaceConnection extends connectionOf(Workspace, 'Workspace') {}
