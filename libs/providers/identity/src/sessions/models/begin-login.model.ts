import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Where to send the browser to sign in with a remote or OpenID Connect provider.' })
export class BeginLoginResult {
  @Field({ description: 'The provider login page (authorization code flow with PKCE S256).' })
  authorizationUrl!: string;

  @Field({ description: 'Pass it back to completeLogin with the code; valid once and for a few minutes.' })
  state!: string;
}
