import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';

@ObjectType({ description: 'Why, when and by whom an organization was suspended.' })
export class OrganizationSuspension {
  @Field(() => GraphQLISODateTime)
  suspendedAt!: Date;

  @Field(() => ID, { description: 'The platform operator (user id) who suspended it.' })
  suspendedBy!: string;

  @Field()
  reason!: string;
}

@ObjectType({ description: "An organization as the platform operator sees it: any tenant's, with its size." })
export class PlatformOrganization {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  slug!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => Int)
  memberCount!: number;

  @Field(() => Int)
  workspaceCount!: number;

  @Field(() => Int)
  environmentCount!: number;

  @Field(() => OrganizationSuspension, {
    nullable: true,
    description: 'Set while suspended: its members are refused with FORBIDDEN / ORGANIZATION_SUSPENDED.',
  })
  suspension!: OrganizationSuspension | null;
}

@ObjectType('PlatformOrganizationConnection')
export class PlatformOrganizationConnection extends connectionOf(
  PlatformOrganization,
  'PlatformOrganization',
) {}
