import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Cluster } from './cluster.model.js';
import { KubernetesConnection } from './kubernetes-connection.model.js';

@ObjectType()
export class ConnectionsPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class KubernetesConnectionEdge {
  @Field()
  cursor!: string;

  @Field(() => KubernetesConnection)
  node!: KubernetesConnection;
}

@ObjectType()
export class KubernetesConnectionPage {
  @Field(() => [KubernetesConnectionEdge])
  edges!: KubernetesConnectionEdge[];

  @Field(() => ConnectionsPageInfo)
  pageInfo!: ConnectionsPageInfo;

  @Field(() => Int, { description: 'Connections matching the filter, on every page.' })
  totalCount!: number;
}

@ObjectType()
export class ClusterEdge {
  @Field()
  cursor!: string;

  @Field(() => Cluster)
  node!: Cluster;
}

@ObjectType()
export class ClusterPage {
  @Field(() => [ClusterEdge])
  edges!: ClusterEdge[];

  @Field(() => ConnectionsPageInfo)
  pageInfo!: ConnectionsPageInfo;

  @Field(() => Int)
  totalCount!: number;
}
