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

  @Field({
    description: 'The inventory has stored every object of the last full list: they are queryable.',
  })
  committed!: boolean;

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

  @Field(() => ClusterSyncPhase, {
    description:
      'SYNCED only once every kind the cluster serves (CRD kinds included) is listed, watched and committed ' +
      'in the inventory; SYNCING while anything is pending (see pendingKinds, kindSetPending).',
  })
  phase!: ClusterSyncPhase;

  @Field(() => Int, { description: 'Kinds watched.' })
  kindsTotal!: number;

  @Field(() => Int, { description: 'Kinds whose full list completed and whose watch is live.' })
  kindsSynced!: number;

  @Field(() => Int, { description: 'Kinds whose last full list the inventory has stored.' })
  kindsCommitted!: number;

  @Field(() => [String], {
    description: "Kinds not yet listed and committed, as 'group/Kind' ('core/Kind' for the core group).",
  })
  pendingKinds!: string[];

  @Field({
    description:
      'The set of kinds is not final yet: the served kinds are still being read, or a CRD changed and ' +
      'its kinds are not watched yet.',
  })
  kindSetPending!: boolean;

  @Field(() => Int, { description: 'Objects published by the last full lists of all kinds.' })
  objectsListed!: number;

  @Field(() => Int, { description: 'Objects of the kinds whose last full list the inventory has stored.' })
  objectsCommitted!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastEventAt?: Date;

  @Field({ nullable: true, description: 'The cluster-level error (unreachable, discovery failing), if any.' })
  error?: string;

  @Field(() => GraphQLISODateTime, { description: 'When this state was observed.' })
  observedAt!: Date;

  @Field(() => [KindSyncStatus])
  kinds!: KindSyncStatus[];
}
