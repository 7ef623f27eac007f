import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { ResourceChangeType } from './resource-history.model.js';

@ObjectType({
  description: 'A change discovery observed, as it crosses the event bus (before it is stored).',
})
export class ResourceChangeEvent {
  @Field(() => ID)
  clusterId!: string;

  @Field()
  apiGroup!: string;

  @Field()
  apiVersion!: string;

  @Field()
  kind!: string;

  @Field(() => ResourceChangeType)
  changeType!: ResourceChangeType;

  @Field()
  uid!: string;

  @Field(() => String, { nullable: true })
  namespace!: string | null;

  @Field()
  name!: string;

  @Field()
  resourceVersion!: string;

  @Field(() => GraphQLISODateTime)
  observedAt!: Date;
}
