import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { PageArgs } from '@meshplane/graphql';
import { NameSort } from '../../common/named-list.args.js';

@InputType({ description: 'Every given criterion must match.' })
export class PlatformOrganizationFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name, case-insensitive.' })
  nameContains?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only suspended (true) or only running (false) ones.',
  })
  suspended?: boolean | null;
}

/** first/after/filter/sort as every tenancy list, with the suspension filter added. */
@ArgsType()
export class PlatformOrganizationsArgs extends PageArgs {
  @Field(() => PlatformOrganizationFilter, { nullable: true })
  filter?: PlatformOrganizationFilter | null;

  @Field(() => NameSort, { nullable: true })
  sort?: NameSort | null;
}

@InputType()
export class SuspendOrganizationInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Why, for the record: 1 to 1000 characters.' })
  reason!: string;
}
