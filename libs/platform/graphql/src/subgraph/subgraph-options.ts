import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { Request } from 'express';
import { formatGraphqlError } from '../errors/format-error.js';

export interface SubgraphOptions {
  /** Where to write the SDL; only the emit-sdl command sets it, a running service keeps its schema in memory. */
  sdlPath?: string;
  orphanedTypes?: Function[];
}

/** What a resolver sees as its context, over HTTP and over graphql-ws alike. */
export interface SubgraphContext {
  req?: Request;
  connectionParams?: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export function subgraphOptions(options: SubgraphOptions = {}): ApolloFederationDriverConfig {
  return {
    driver: ApolloFederationDriver,
    path: '/graphql',
    autoSchemaFile: options.sdlPath ? { path: options.sdlPath, federation: 2 } : { federation: 2 },
    sortSchema: true,
    buildSchemaOptions: { orphanedTypes: options.orphanedTypes ?? [] },
    graphiql: false,
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: formatGraphqlError,
    subscriptions: { 'graphql-ws': { path: '/graphql' } },
    context: ({ req, extra, connectionParams }: { req?: Request; extra?: { request?: { headers: Record<string, string> } }; connectionParams?: Record<string, unknown> }): SubgraphContext => ({
      req,
      connectionParams,
      headers: req?.headers ?? extra?.request?.headers ?? {},
    }),
  };
}
