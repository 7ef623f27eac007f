import { ArgsType, Field, InputType, registerEnumType } from '@nestjs/graphql';
import { PageArgs, SortDirection } from '@meshplane/graphql';
import { MemberRole } from '../../common/member-role.enum.js';

export enum MemberSortField {
  EMAIL = 'EMAIL',
  JOINED_AT = 'JOINED_AT',
}

registerEnumType(MemberSortField, { name: 'MemberSortField' });

@InputType({ description: 'Every given criterion must match.' })
export class MemberFilter {
  @Field(() => MemberRole, { nullable: true })
  role?: MemberRole | null;

  @Field(() => String, { nullable: true, description: 'Part of the email address, case-insensitive.' })
  emailContains?: string | null;
}

@InputType()
export class MemberSort {
  @Field(() => MemberSortField, { defaultValue: MemberSortField.EMAIL })
  field!: MemberSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@ArgsType()
export class MembersArgs extends PageArgs {
  @Field(() => MemberFilter, { nullable: true })
  filter?: MemberFilter | null;

  @Field(() => MemberSort, { nullable: true })
  sort?: MemberSort | null;
}
