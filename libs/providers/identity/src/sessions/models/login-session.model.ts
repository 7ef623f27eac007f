import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One of your login sessions: each sign-in starts one; refreshing continues it.' })
export class LoginSession {
  @Field(() => ID, { description: 'Pass it to revokeSession to end this session.' })
  id!: string;

  @Field({ description: 'The provider signed in with (local, or a remote or OpenID Connect provider).' })
  provider!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The device or client, as the client named itself at sign-in (the `client` argument).',
  })
  client!: string | null;

  @Field(() => String, { nullable: true, description: 'The network address seen at sign-in.' })
  clientAddress!: string | null;

  @Field()
  createdAt!: Date;

  @Field({ description: 'The last time it got tokens (sign-in, refresh or organization switch).' })
  lastUsedAt!: Date;

  @Field({ description: 'When it ends unless refreshed before.' })
  expiresAt!: Date;

  @Field({ description: 'Whether this request was made with this session.' })
  current!: boolean;
}
