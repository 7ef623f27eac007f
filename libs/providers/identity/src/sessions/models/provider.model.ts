import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ProviderType {
  LOCAL = 'local',
  REMOTE = 'remote',
}
registerEnumType(ProviderType, { name: 'ProviderType' });

@ObjectType({ description: 'An identity provider users can sign in with.' })
export class Provider {
  @Field({ description: 'Pass it as `provider` to the login mutations.' })
  name!: string;

  @Field(() => ProviderType)
  type!: ProviderType;

  @Field(() => String, {
    nullable: true,
    description: 'The provider software version, from its capabilities.',
  })
  version!: string | null;

  @Field(() => [String], { description: 'Features it advertises (login, refresh, persist-designs, ...).' })
  features!: string[];

  @Field({
    description: 'False when its capabilities could not be fetched lately (what is shown may be stale).',
  })
  reachable!: boolean;
}
