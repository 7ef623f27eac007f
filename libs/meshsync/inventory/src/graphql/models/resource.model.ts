import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '@meshplane/graphql';

@ObjectType({ description: 'A Kubernetes object as discovery last saw it in a cluster.' })
export class Resource {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  clusterId!: string;

  @Field({ description: "The object's metadata.uid in its cluster." })
  uid!: string;

  @Field({ description: "API group; '' for the core group." })
  apiGroup!: string;

  @Field()
  apiVersion!: string;

  @Field()
  kind!: string;

  @Field(() => String, { nullable: true, description: 'Null for cluster-scoped objects.' })
  namespace!: string | null;

  @Field()
  name!: string;

  @Field()
  resourceVersion!: string;

  @Field(() => JSONScalar, { description: 'metadata.labels (string values only).' })
  labels!: Record<string, string>;

  @Field({ description: 'True once the object is gone from the cluster (tombstone).' })
  deleted!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  deletedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  firstSeen!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The full object as served (Secret data redacted); null if only its deletion was seen.',
  })
  object!: Record<string, unknown> | null;
}
