import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionStatus } from './connection-enums.js';

@ObjectType({ description: 'One imported kubeconfig context. Its credentials are never returned.' })
export class KubernetesConnection {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The kubeconfig context it was imported from.' })
  contextName!: string;

  @Field({ description: 'The API server URL, for display.' })
  server!: string;

  @Field(() => ConnectionStatus)
  status!: ConnectionStatus;

  @Field(() => String, { nullable: true, description: 'Why it is disconnected, when it is.' })
  statusMessage!: string | null;

  @Field(() => ID, { nullable: true, description: 'Null until a probe identified the cluster.' })
  clusterId!: string | null;

  @Field()
  createdBy!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastPingAt!: Date | null;
}
