import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ClusterSyncPhase {
  CONNECTING = 'connecting',
  SYNCING = 'syncing',
  SYNCED = 'synced',
  ERROR = 'error',
}
registerEnumType(ClusterSyncPhase, {
  name: 'ClusterSyncPhase',
  description: 'Where discovery stands with a cluster.',
});

@ObjectType({ description: "One kind's list/watch state in a cluster." })
export class KindSyncStatus {
  @Field({ description: "API group, '' for the core group." })
  group!: string;

  @Field()
  version!: string;

  @Field()
  kind!: string;

  @Field({ description: 'A full list completed and the watch is live.' })
  synced!: boolean;

  @Field(() => Int, { description: 'Objects published by the last full list.' })
  objects!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastSyncAt?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastEventAt?: Date;

  @Field({ nullable: true })
  error?: string;
}

@ObjectType({ description: "Discovery's sync state of one cluster." })
export class ClusterSyncStatus {
  @Field(() => ID)
  clusterId!: string;

  @Field({ description: 'Whether a discovery replica holds the cluster and runs its watchers now.' })
  active!: boolean;

  @Field(() => ClusterSyncPhase)
  phase!: ClusterSyncPhase;

  @Field(() => Int)
  kindsTotal!: number;

  @Field(() => Int)
  kindsSynced!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastEventAt?: Date;

  @Field({ nullable: true, description: 'The cluster-level error (unreachable, discovery failing), if any.' })
  error?: string;

  @Field(() => GraphQLISODateTime, { description: 'When this state was observed.' })
  observedAt!: Date;

  @Field(() => [KindSyncStatus])
  kinds!: KindSyncStatus[];
}
