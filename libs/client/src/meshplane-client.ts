import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { GraphqlRequestError, TransportError, type GraphqlErrorEntry } from './client-error.js';
import { credentialHeaders, type Credentials } from './credentials.js';
import { openSubscription, type LiveSubscription, type SubscriptionTransport } from './live-subscription.js';

export interface MeshplaneClientOptions {
  /** The public endpoint, e.g. `http://127.0.0.1:4000/graphql` (graphql-ws uses the same URL as `ws(s)://`). */
  url: string;
  /** Asked before every request, so a caller can hand out a token it has just refreshed. */
  credentials?: Credentials | (() => Credentials | Promise<Credentials>);
  /**
   * Called once when the server answers `UNAUTHENTICATED`; return true after renewing the credentials to have the
   * request sent again (once).
   */
  onUnauthenticated?: (error: GraphqlRequestError) => Promise<boolean>;
  /** Per HTTP request; default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** What the server answered, errors included (for callers that inspect errors rather than catch them). */
export interface GraphqlResult<TData> {
  status: number;
  data?: TData;
  errors?: GraphqlErrorEntry[];
}

/** Optional when the operation has no required variable, required otherwise. */
export type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The typed client of Meshplane's public API: pass one of the generated documents (`MeDocument`,
 * `ImportKubeconfigDocument`, …) and get its result type back. Queries and mutations go over HTTP POST;
 * subscriptions over graphql-ws or GraphQL over SSE, as the gateway serves both.
 */
export class MeshplaneClient {
  private readonly printed = new WeakMap<DocumentNode, string>();

  constructor(private readonly options: MeshplaneClientOptions) {}

  get url(): string {
    return this.options.url;
  }

  /** The same endpoint under other credentials. */
  as(credentials: Credentials): MeshplaneClient {
    return new MeshplaneClient({ ...this.options, credentials, onUnauthenticated: undefined });
  }

  /** Runs a query or mutation and returns its data; throws GraphqlRequestError on any error in the answer. */
  async request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<TData> {
    const result = await this.execute(document, ...([variables] as VariablesArgument<TVariables>));
    if (result.errors?.length || result.data === undefined || result.data === null) {
      throw new GraphqlRequestError(result.errors ?? [], result.status, operationName(document));
    }
    return result.data;
  }

  /** Runs a query or mutation and returns the whole answer, errors included; throws only TransportError. */
  async execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<GraphqlResult<TData>> {
    const first = await this.send<TData>(document, variables);
    if (!isUnauthenticated(first) || !this.options.onUnauthenticated) return first;
    const error = new GraphqlRequestError(first.errors ?? [], first.status, operationName(document));
    return (await this.options.onUnauthenticated(error)) ? this.send<TData>(document, variables) : first;
  }

  /** Opens a subscription; iterate it for each event's data, close it when done. */
  subscribe<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    options: { transport?: SubscriptionTransport } = {},
  ): LiveSubscription<TData> {
    return openSubscription<TData>({
      url: this.options.url,
      transport: options.transport ?? 'ws',
      query: this.print(document),
      variables: (variables ?? {}) as Record<string, unknown>,
      headers: async () => credentialHeaders(await this.credentials()),
      operationName: operationName(document),
    });
  }

  private async send<TData>(document: DocumentNode, variables: unknown): Promise<GraphqlResult<TData>> {
    const fetchImpl = this.options.fetch ?? fetch;
    const name = operationName(document);
    let response: Response;
    try {
      response = await fetchImpl(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...credentialHeaders(await this.credentials()),
        },
        body: JSON.stringify({
          query: this.print(document),
          variables: variables ?? {},
          operationName: name,
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new TransportError(`cannot reach ${this.options.url}: ${describe(error)}`, undefined, {
        cause: error,
      });
    }
    const text = await response.text();
    let body: { data?: TData; errors?: GraphqlErrorEntry[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new TransportError(
        `${this.options.url} answered HTTP ${response.status} without a GraphQL response${text ? `: ${text.slice(0, 200)}` : ''}`,
        response.status,
      );
    }
    return {
      status: response.status,
      ...(body.data === undefined || body.data === null ? {} : { data: body.data }),
      ...(body.errors === undefined ? {} : { errors: body.errors }),
    };
  }

  private async credentials(): Promise<Credentials> {
    const given = this.options.credentials;
    return typeof given === 'function' ? given() : (given ?? {});
  }

  private print(document: DocumentNode): string {
    let text = this.printed.get(document);
    if (text === undefined) {
      text = print(document);
      this.printed.set(document, text);
    }
    return text;
  }
}

function isUnauthenticated(result: GraphqlResult<unknown>): boolean {
  return result.errors?.[0]?.extensions?.['code'] === 'UNAUTHENTICATED';
}

function operationName(document: DocumentNode): string | undefined {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return operation?.name?.value;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    if (error.name === 'TimeoutError') return 'timed out';
    if (cause instanceof Error) return cause.message;
    return error.message;
  }
  return String(error);
}
