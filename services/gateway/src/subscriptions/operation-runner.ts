import {
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
} from 'graphql';
import { INTERNAL_CONTEXT_HEADER } from '@meshplane/auth';
import type { CredentialRecheck } from '../auth/credential-recheck.js';
import type { SignContext } from '../datasource/subgraph.datasource.js';
import type { SubscriptionSlots } from './subscription-slots.js';
import type { GatewayContext } from '../http/gateway-context.js';
import type { SubscriptionPlanner, SubscriptionRequest } from './subscription-planner.js';
import { subscribeUpstream } from './upstream-subscription.js';
import { onceClosed } from './once-closed.js';

/** Runs a query or mutation that arrived on a subscription transport through the regular HTTP pipeline. */
export type ExecuteOperation = (
  request: {
    query: string;
    operationName: string | undefined;
    variables: Record<string, unknown> | undefined;
  },
  context: GatewayContext,
) => Promise<FormattedExecutionResult>;

export type StartedOperation =
  | { kind: 'rejected'; errors: GraphQLError[]; status?: number }
  | { kind: 'result'; document: DocumentNode; result: Promise<FormattedExecutionResult> }
  | {
      kind: 'stream';
      document: DocumentNode;
      subgraph: string;
      events: AsyncIterableIterator<ExecutionResult>;
    };

/** What the WebSocket and SSE transports share: plan, then relay from a subgraph or execute locally. */
export class OperationRunner {
  constructor(
    private readonly planner: SubscriptionPlanner,
    private readonly subgraphUrls: ReadonlyMap<string, string>,
    private readonly execute: ExecuteOperation,
    private readonly sign: SignContext,
    private readonly recheck: CredentialRecheck,
    private readonly slots: SubscriptionSlots,
  ) {}

  /**
   * `transport.safeMethod`: the request came as an HTTP GET, which must never change anything (a link or
   * an `EventSource` can issue one across sites), so a mutation is refused with 405 as Apollo does on GET.
   * `transport.socket` and `transport.address` count a subscription against its WebSocket and, for an
   * anonymous caller, its client address.
   */
  start(
    request: SubscriptionRequest,
    context: GatewayContext,
    transport: { safeMethod?: boolean; socket?: object; address?: string } = {},
  ): StartedOperation {
    const safeMethod = transport.safeMethod ?? false;
    const plan = this.planner.plan(request);
    switch (plan.kind) {
      case 'rejected':
        return plan;
      case 'operation':
        if (safeMethod && plan.operation.operation === 'mutation') {
          return {
            kind: 'rejected',
            status: 405,
            errors: [
              new GraphQLError('Mutations cannot be sent with GET; use POST.', {
                extensions: { code: 'METHOD_NOT_ALLOWED' },
              }),
            ],
          };
        }
        return {
          kind: 'result',
          document: plan.document,
          result: this.execute(
            {
              query: request.query as string,
              operationName: (request.operationName as string | null | undefined) ?? undefined,
              variables: (request.variables as Record<string, unknown> | null | undefined) ?? undefined,
            },
            context,
          ),
        };
      case 'subscription': {
        const httpUrl = this.subgraphUrls.get(plan.subgraph);
        if (httpUrl === undefined) throw new Error(`No URL known for subgraph ${plan.subgraph}`);
        const slot = this.slots.acquire({
          caller: context.caller.userId ?? `address:${transport.address ?? 'unknown'}`,
          socket: transport.socket,
          subgraph: plan.subgraph,
        });
        if ('error' in slot) return { kind: 'rejected', status: 429, errors: [slot.error] };
        const upstream = subscribeUpstream({
          httpUrl,
          query: plan.query,
          operationName: plan.operationName,
          variables: plan.variables,
          headers: {
            ...context.forwardedHeaders,
            [INTERNAL_CONTEXT_HEADER]: this.sign(context.caller, plan.subgraph),
          },
        });
        const events = onceClosed(
          this.recheck.guard(upstream, context.credential, context.caller),
          slot.release,
        );
        return { kind: 'stream', document: plan.document, subgraph: plan.subgraph, events };
      }
    }
  }
}
