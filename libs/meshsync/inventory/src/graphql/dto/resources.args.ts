import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';

export enum ResourceSortField {
  NAME = 'NAME',
  KIND = 'KIND',
  NAMESPACE = 'NAMESPACE',
  UPDATED_AT = 'UPDATED_AT',
}

export enum ResourceSortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(ResourceSortField, { name: 'ResourceSortField' });
registerEnumType(ResourceSortDirection, { name: 'ResourceSortDirection' });

@InputType({ description: 'Every given criterion must hold; lists match any of their values.' })
export class ResourceFilter {
  @Field(() => ID, { nullable: true })
  clusterId?: string | null;

  @Field(() => String, { nullable: true, description: "Exact namespace; '' for cluster-scoped objects." })
  namespace?: string | null;

  @Field(() => [String], { nullable: true, description: 'Kinds, e.g. Deployment.' })
  kinds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Kubernetes label selector: a=b, a!=b, a in (x,y), a notin (x), a, !a (comma = and).',
  })
  labelSelector?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name.' })
  nameContains?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Include tombstones.' })
  includeDeleted?: boolean | null;
}

@InputType()
export class ResourceSortInput {
  @Field(() => ResourceSortField)
  field!: ResourceSortField;

  @Field(() => ResourceSortDirection, { defaultValue: ResourceSortDirection.ASC })
  direction!: ResourceSortDirection;
}

@ArgsType()
export class ResourcesArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  after?: string | null;

  @Field(() => ResourceFilter, { nullable: true })
  filter?: ResourceFilter | null;

  @Field(() => ResourceSortInput, { nullable: true, description: 'Default: by name, ascending.' })
  sort?: ResourceSortInput | null;
}

@ArgsType()
export class ResourceArgs {
  @Field(() => ID, { nullable: true, description: 'The resource id; or give clusterId and uid.' })
  id?: string | null;

  @Field(() => ID, { nullable: true })
  clusterId?: string | null;

  @Field(() => String, { nullable: true })
  uid?: string | null;
}

@ArgsType()
export class ResourceHistoryArgs {
  @Field(() => ID)
  clusterId!: string;

  @Field()
  uid!: string;

  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@InputType()
export class ResourceChangedFilter {
  @Field(() => ID, { nullable: true })
  clusterId?: string | null;

  @Field(() => [String], { nullable: true })
  kinds?: string[] | null;

  @Field(() => String, { nullable: true })
  namespace?: string | null;
}
