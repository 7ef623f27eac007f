import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { PageArgs, SortDirection } from '@meshplane/graphql';
import {
  ClusterSortField,
  ClusterStatus,
  ConnectionSortField,
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

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@ArgsType()
export class ConnectionsArgs extends PageArgs {
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

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@ArgsType()
export class ClustersArgs extends PageArgs {
  @Field(() => ClusterFilter, { nullable: true })
  filter?: ClusterFilter | null;

  @Field(() => ClusterSort, { nullable: true })
  sort?: ClusterSort | null;
}
