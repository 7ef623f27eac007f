import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

// Values equal names: federation rebuilds the subgraph schema from SDL (see MemberRole).
export enum ProviderType {
  LOCAL = 'LOCAL',
  REMOTE = 'REMOTE',
  OIDC = 'OIDC',
}
registerEnumType(ProviderType, { name: 'ProviderType' });

@ObjectType({ description: 'An identity provider users can sign in with.' })
export class Provider {
  @Field({ description: 'Pass it as `provider` to the login mutations.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'A name to show on a sign-in page, when configured.' })
  displayName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'OpenID Connect providers: the issuer identifier (as its discovery document states it).',
  })
  issuer!: string | null;

  @Field(() => ProviderType)
  type!: ProviderType;

  @Field(() => String, {
    nullable: true,
    description: 'The provider software version, from its capabilities.',
  })
  version!: string | null;

  @Field(() => [String], {
    description:
      'What it supports: for remote providers their advertised features (login, refresh, persist-designs, ...); ' +
      'for OpenID Connect providers login, pkce (S256), claim-mapping when configured, end-session when offered.',
  })
  features!: string[];

  @Field({
    description: 'False when its capabilities could not be fetched lately (what is shown may be stale).',
  })
  reachable!: boolean;
}
