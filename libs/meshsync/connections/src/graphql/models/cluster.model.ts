import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ClusterStatus } from './connection-enums.js';

@ObjectType({ description: 'A Kubernetes cluster, identified by its kube-system namespace UID.' })
@Directive('@key(fields: "id")')
export class Cluster {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: "UID of the cluster's kube-system namespace." })
  kubeSystemUid!: string;

  @Field({ description: 'API server version, e.g. v1.31.2.' })
  version!: string;

  @Field(() => Int)
  nodeCount!: number;

  @Field(() => ClusterStatus)
  status!: ClusterStatus;

  @Field(() => GraphQLISODateTime)
  firstSeen!: Date;

  @Field(() => GraphQLISODateTime)
  lastSeen!: Date;
}
