import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { Type } from '@nestjs/common';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { INTERNAL_CONTEXT_HEADER, verifyInternalContext } from '@meshplane/auth';
import { callerFromContext, type Caller } from '../caller/caller.js';
import { formatGraphqlError } from '../errors/format-error.js';

export interface SubgraphOptions {
  orphanedTypes?: Type<unknown>[];
  /**
   * Secrets the gateway signs the caller context with (newest first). Every operation must carry a valid
   * signature: without one the subgraph answers 401 and runs nothing.
   */
  contextSecrets: readonly string[];
  /** This subgraph's name: a context the gateway signed for another subgraph is refused (401). */
  audience: string;
}

/** What a resolver sees as its context, over HTTP and over graphql-ws alike. */
export interface SubgraphContext {
  req?: Request;
  connectionParams?: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  caller: Caller;
}

type Headers = Record<string, string | string[] | undefined>;

/** The verified caller of a request, or a 401 GraphQL error that names nothing about why (the logs do). */
export function verifiedCaller(headers: Headers, secrets: readonly string[], audience: string): Caller {
  const header = headers[INTERNAL_CONTEXT_HEADER];
  try {
    return callerFromContext(
      verifyInternalContext(typeof header === 'string' ? header : undefined, secrets, { audience }),
    );
  } catch {
    throw new GraphQLError('This endpoint only answers the Meshplane gateway', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}

export function subgraphOptions(options: SubgraphOptions): ApolloFederationDriverConfig {
  const { contextSecrets: secrets, audience } = options;
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
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // Refuses the socket itself (4403) when the upgrade request carries no valid signed context.
        onConnect: (ctx: { extra: unknown }) => {
          const { request } = ctx.extra as { request?: { headers?: Headers } };
          verifiedCaller(request?.headers ?? {}, secrets, audience);
          return true;
        },
      },
    },
    context: ({
      req,
      extra,
      connectionParams,
    }: {
      req?: Request;
      extra?: { request?: { headers: Record<string, string> } };
      connectionParams?: Record<string, unknown>;
    }): SubgraphContext => {
      const headers = req?.headers ?? extra?.request?.headers ?? {};
      return { req, connectionParams, headers, caller: verifiedCaller(headers, secrets, audience) };
    },
  };
}
