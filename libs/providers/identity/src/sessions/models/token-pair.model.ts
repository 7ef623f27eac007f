import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Tokens issued by the local provider for one login session.' })
export class TokenPair {
  @Field({ description: 'Short-lived EdDSA JWT: send it as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @Field({ description: 'Opaque and single use: exchange it with `refreshToken` for the next pair.' })
  refreshToken!: string;

  @Field()
  tokenType!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field()
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The organization the access token works in.' })
  organizationId!: string | null;
}
