import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { INTERNAL_CONTEXT_HEADER, type InternalContext } from '@meshplane/auth';
import type { GatewayContext } from '../http/gateway-context.js';

/** Signs the caller's context for one subgraph (the audience). */
export type SignContext = (caller: InternalContext, audience: string) => string;

/**
 * Calls one subgraph over the pooled fetcher, passing the client's forwarded headers on and the caller's
 * context signed for this subgraph only.
 */
export function createSubgraphDataSource(
  name: string,
  url: string,
  fetcher: Fetcher,
  sign: SignContext,
): RemoteGraphQLDataSource<GatewayContext> {
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    fetcher,
    willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
      const { forwardedHeaders, caller } = context as Partial<GatewayContext>;
      if (!request.http) return;
      for (const [header, value] of Object.entries(forwardedHeaders ?? {}))
        request.http.headers.set(header, value);
      if (caller) request.http.headers.set(INTERNAL_CONTEXT_HEADER, sign(caller, name));
    },
  });
}
