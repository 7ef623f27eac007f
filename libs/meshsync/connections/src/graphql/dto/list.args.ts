import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ClusterSortField,
  ClusterStatus,
  ConnectionSortField,
  ConnectionsSortDirection,
  ConnectionStatus,
} from '../models/connection-enums.js';

@InputType({ description: 'Every given criterion must match; lists match any of their values.' })
export class ConnectionFilter {
  @Field(() => [ConnectionStatus], {
    nullable: true,
    description: 'DELETED ones are listed only when asked for.',
  })
  status?: ConnectionStatus[] | null;

  @Field(() => ID, { nullable: true })
  clusterId?: string | null;

  @Field(() => String, { nullable: true })
  nameContains?: string | null;
}

@InputType()
export class ConnectionSort {
  @Field(() => ConnectionSortField, { defaultValue: ConnectionSortField.CREATED_AT })
  field!: ConnectionSortField;

  @Field(() => ConnectionsSortDirection, { defaultValue: ConnectionsSortDirection.ASC })
  direction!: ConnectionsSortDirection;
}

@ArgsType()
export class ConnectionsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page (same sort).' })
  after?: string | null;

  @Field(() => ConnectionFilter, { nullable: true })
  filter?: ConnectionFilter | null;

  @Field(() => ConnectionSort, { nullable: true })
  sort?: ConnectionSort | null;
}

@InputType()
export class ClusterFilter {
  @Field(() => [ClusterStatus], { nullable: true })
  status?: ClusterStatus[] | null;

  @Field(() => String, { nullable: true })
  nameContains?: string | null;
}

@InputType()
export class ClusterSort {
  @Field(() => ClusterSortField, { defaultValue: ClusterSortField.FIRST_SEEN })
  field!: ClusterSortField;

  @Field(() => ConnectionsSortDirection, { defaultValue: ConnectionsSortDirection.ASC })
  direction!: ConnectionsSortDirection;
}

@ArgsType()
export class ClustersArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => ClusterFilter, { nullable: true })
  filter?: ClusterFilter | null;

  @Field(() => ClusterSort, { nullable: true })
  sort?: ClusterSort | null;
}
