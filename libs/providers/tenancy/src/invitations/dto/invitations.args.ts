import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { PageArgs, SortDirection } from '@meshplane/graphql';

@InputType({ description: 'Every given criterion must match.' })
export class InvitationFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only invitations still waiting to be accepted.' })
  pendingOnly?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Part of the email address, case-insensitive.' })
  emailContains?: string | null;
}

@ArgsType()
export class InvitationsArgs extends PageArgs {
  @Field(() => InvitationFilter, { nullable: true })
  filter?: InvitationFilter | null;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC, description: 'By creation time.' })
  direction!: SortDirection;
}
