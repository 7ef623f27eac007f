import {
  Args,
  Field,
  GraphQLISODateTime,
  Mutation,
  ObjectType,
  Parent,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { type Caller, CurrentCaller, requireUser, ValidationFailedError } from '@meshplane/graphql';
import { Me } from '../sessions/models/me.model.js';
import { RemoteGrantsService } from './remote-grants.service.js';

@ObjectType({
  description:
    'What the user allowed Meshplane to do at a remote provider on their behalf (scope persistence: store their ' +
    'performance results there).',
})
export class ProviderGrant {
  @Field()
  provider!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => GraphQLISODateTime)
  grantedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When Meshplane last renewed it (at each result stored).' })
  usedAt!: Date;
}

/** The caller's own grants at remote providers: listed on `me`, withdrawn by `revokeProviderGrant`. */
@Resolver(() => Me)
export class ProviderGrantsResolver {
  constructor(private readonly grants: RemoteGrantsService) {}

  @ResolveField(() => [ProviderGrant])
  async providerGrants(@Parent() me: Me): Promise<ProviderGrant[]> {
    return (await this.grants.list(me.id)).map((grant) => ({
      provider: grant.provider,
      scopes: [...grant.scopes],
      grantedAt: grant.grantedAt,
      usedAt: grant.usedAt,
    }));
  }

  @Mutation(() => Boolean, {
    description:
      'Withdraws your grant at a remote provider: Meshplane forgets it and asks the provider to revoke it. Results are no longer stored there (until you sign in through it again). False when you held none.',
  })
  async revokeProviderGrant(
    @CurrentCaller() caller: Caller,
    @Args('provider') provider: string,
  ): Promise<boolean> {
    const userId = requireUser(caller);
    if (provider.length > 100) throw new ValidationFailedError('provider', 'must be at most 100 characters');
    // A provider no longer configured still has its grants forgotten (it just cannot be told).
    return this.grants.revoke(userId, provider);
  }
}
