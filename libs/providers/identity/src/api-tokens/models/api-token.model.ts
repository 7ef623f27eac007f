import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ApiTokenRole {
  OWNER = 'owner',
  ADMIN = 'admin',
  MEMBER = 'member',
  VIEWER = 'viewer',
}
registerEnumType(ApiTokenRole, { name: 'ApiTokenRole' });

@ObjectType({ description: 'An API token, without its secret (shown once, at creation).' })
export class ApiToken {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ApiTokenRole, {
    description: "The most it grants; its creator's current role caps it further.",
  })
  role!: ApiTokenRole;

  @Field(() => ID)
  userId!: string;

  @Field()
  createdAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;
}

@ObjectType()
export class CreatedApiToken {
  @Field({ description: 'The secret: shown this once, never stored in clear. Send it as a bearer token.' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}
