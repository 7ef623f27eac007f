import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A provider identity linked to the user.' })
export class LinkedIdentity {
  @Field()
  provider!: string;

  @Field()
  subject!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => Date, { nullable: true })
  lastLoginAt!: Date | null;
}

@ObjectType({ description: 'An organization the user belongs to and the role held there.' })
export class OrganizationRole {
  @Field(() => ID)
  organizationId!: string;

  @Field()
  role!: string;
}

@ObjectType({ description: 'The signed-in user.' })
export class Me {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => [LinkedIdentity])
  identities!: LinkedIdentity[];

  @Field(() => [OrganizationRole])
  memberships!: OrganizationRole[];

  @Field(() => ID, { nullable: true, description: 'The organization this request runs in.' })
  currentOrganizationId!: string | null;

  @Field(() => [String], { description: 'Roles held in the current organization.' })
  roles!: string[];

  @Field({
    description: 'Whether this request carries the platform-operator role (never for an API token).',
  })
  platformOperator!: boolean;
}
