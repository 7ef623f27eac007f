import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';
import { MemberRole } from '../../common/member-role.enum.js';

@ObjectType({ description: 'A user and their role in the current organization.' })
export class Member {
  @Field(() => ID)
  userId!: string;

  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field(() => GraphQLISODateTime)
  joinedAt!: Date;

  @Field({ description: 'An owner disabled the account (disableMember): it cannot sign in.' })
  disabled!: boolean;
}

@ObjectType('MemberConnection')
export class MemberConnection extends connectionOf(Member, 'Member') {}
