import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { PageArgs, SortDirection } from '@meshplane/graphql';

export enum ResourceSortField {
  NAME = 'NAME',
  KIND = 'KIND',
  NAMESPACE = 'NAMESPACE',
  UPDATED_AT = 'UPDATED_AT',
}

registerEnumType(ResourceSortField, { name: 'ResourceSortField' });

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

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@ArgsType()
export class ResourcesArgs extends PageArgs {
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
export class ResourceHistoryArgs extends PageArgs {
  @Field(() => ID)
  clusterId!: string;

  @Field()
  uid!: string;
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
