import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, JSONScalar, requirePermission, requireUser, type Caller } from '@meshplane/graphql';
import { Preference } from './models/preference.model.js';
import { PreferencesService } from './preferences.service.js';

/** A user's own preferences: every role, viewers included, may keep them (they are not organization data). */
@Resolver(() => Preference)
export class PreferencesResolver {
  constructor(private readonly preferences: PreferencesService) {}

  @Query(() => [Preference], { description: "The caller's preferences in the current organization." })
  myPreferences(@CurrentCaller() caller: Caller): Promise<Preference[]> {
    const orgId = requirePermission(caller, 'org:read');
    return this.preferences.list(orgId, requireUser(caller));
  }

  @Mutation(() => Preference)
  setMyPreference(
    @CurrentCaller() caller: Caller,
    @Args('key') key: string,
    @Args('value', { type: () => JSONScalar }) value: unknown,
  ): Promise<Preference> {
    const orgId = requirePermission(caller, 'org:read');
    return this.preferences.set(orgId, requireUser(caller), key, value);
  }
}
