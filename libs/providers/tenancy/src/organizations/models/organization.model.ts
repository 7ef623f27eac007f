import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';
import { MemberRole } from '../../common/member-role.enum.js';

@ObjectType({ description: 'A tenant: everything else belongs to exactly one organization.' })
export class Organization {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'URL-friendly and unique across the platform.' })
  slug!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => MemberRole, { description: "The caller's role in it." })
  myRole!: MemberRole;
}

@ObjectType('OrganizationConnection')
export class OrganizationConnection extends connectionOf(Organization, 'Organization') {}
