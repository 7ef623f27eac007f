import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, type Caller } from '@meshplane/graphql';
import { ApiTokensService } from './api-tokens.service.js';
import { ApiTokensArgs, CreateApiTokenInput } from './dto/api-token.inputs.js';
import { ApiTokenConnection } from './models/api-token-connection.model.js';
import { ApiToken, CreatedApiToken } from './models/api-token.model.js';

@Resolver(() => ApiToken)
export class ApiTokensResolver {
  constructor(private readonly tokens: ApiTokensService) {}

  @Mutation(() => CreatedApiToken, {
    description: 'An API token in the current organization; its secret is returned this once.',
  })
  createApiToken(
    @CurrentCaller() caller: Caller,
    @Args('input') input: CreateApiTokenInput,
  ): Promise<CreatedApiToken> {
    return this.tokens.create(caller, input);
  }

  @Query(() => ApiTokenConnection, { description: 'Your API tokens in the current organization.' })
  apiTokens(@CurrentCaller() caller: Caller, @Args() args: ApiTokensArgs): Promise<ApiTokenConnection> {
    return this.tokens.list(caller, args);
  }

  @Mutation(() => ApiToken, {
    description: 'Stops an API token from working; revoking twice changes nothing.',
  })
  revokeApiToken(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ApiToken> {
    return this.tokens.revoke(caller, id);
  }
}
