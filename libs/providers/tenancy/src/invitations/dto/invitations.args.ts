import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { SortDirection } from '../../common/sort-direction.enum.js';

@InputType({ description: 'Every given criterion must match.' })
export class InvitationFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only invitations still waiting to be accepted.' })
  pendingOnly?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Part of the email address, case-insensitive.' })
  emailContains?: string | null;
}

@ArgsType()
export class InvitationsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  after?: string | null;

  @Field(() => InvitationFilter, { nullable: true })
  filter?: InvitationFilter | null;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC, description: 'By creation time.' })
  direction!: SortDirection;
}
