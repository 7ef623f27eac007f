import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, requireUser, type Caller } from '@meshplane/graphql';
import { MAX_LISTED_SESSIONS } from './login-sessions.repository.js';
import { LoginSession } from './models/login-session.model.js';
import { MySessionsService } from './my-sessions.service.js';

@Resolver(() => LoginSession)
export class MySessionsResolver {
  constructor(private readonly service: MySessionsService) {}

  @Query(() => [LoginSession], {
    description: `Your live login sessions, most recently used first (at most ${MAX_LISTED_SESSIONS}).`,
  })
  mySessions(@CurrentCaller() caller: Caller): Promise<LoginSession[]> {
    return this.service.list(caller, requireUser(caller));
  }

  @Mutation(() => Boolean, {
    description:
      'Ends one of your sessions: its refresh token and access tokens stop working (streams end within the ' +
      "gateway's recheck interval). Needs a signed-in session, not an API token.",
  })
  async revokeSession(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    await this.service.revoke(caller, requireUser(caller), id);
    return true;
  }
}
