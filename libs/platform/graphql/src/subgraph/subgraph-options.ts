import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { Type } from '@nestjs/common';
import type { Request } from 'express';
import { formatGraphqlError } from '../errors/format-error.js';

export interface SubgraphOptions {
  orphanedTypes?: Type<unknown>[];
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
    autoSchemaFile: { federation: 2 },
    sortSchema: true,
    buildSchemaOptions: { orphanedTypes: options.orphanedTypes ?? [] },
    graphiql: false,
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Nest owns shutdown (drain consumers, announce `stopping`); Apollo's own signal handler would exit first.
    stopOnTerminationSignals: false,
    formatError: formatGraphqlError,
    // Inline traces (ftv1) only feed Apollo's hosted usage reporting, which we don't use.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    subscriptions: { 'graphql-ws': { path: '/graphql' } },
    context: ({
      req,
      extra,
      connectionParams,
    }: {
      req?: Request;
      extra?: { request?: { headers: Record<string, string> } };
      connectionParams?: Record<string, unknown>;
    }): SubgraphContext => ({
      req,
      connectionParams,
      headers: req?.headers ?? extra?.request?.headers ?? {},
    }),
  };
}
