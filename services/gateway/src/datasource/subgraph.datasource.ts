import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { GatewayContext } from '../http/gateway-context.js';

/** Calls one subgraph over the pooled fetcher and passes the client's forwarded headers on. */
export function createSubgraphDataSource(
  url: string,
  fetcher: Fetcher,
): RemoteGraphQLDataSource<GatewayContext> {
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    fetcher,
    willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
      const forwarded = (context as Partial<GatewayContext>).forwardedHeaders;
      if (!forwarded || !request.http) return;
      for (const [name, value] of Object.entries(forwarded)) request.http.headers.set(name, value);
    },
  });
}
