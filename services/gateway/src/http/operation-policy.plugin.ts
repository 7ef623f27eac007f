import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { GraphQLError, type DocumentNode } from 'graphql';
import {
  limitViolations,
  measureOperation,
  type OperationLimits,
  type OperationMeasure,
} from '../limits/operation-limits.js';
import type { GatewayContext } from './gateway-context.js';

/**
 * One hook per request, after Apollo has parsed and validated the operation: notes its type for metrics,
 * sends subscriptions to the transports that can carry them, and enforces depth/alias/cost limits.
 * Apollo reuses the parsed document object for a repeated query, so the measure is cached per document;
 * only an operation whose list sizes come from variables is measured again per request.
 */
export function operationPolicyPlugin(limits: OperationLimits): ApolloServerPlugin<GatewayContext> {
  const measures = new WeakMap<DocumentNode, OperationMeasure>();
  const check = (requestContext: GraphQLRequestContextDidResolveOperation<GatewayContext>): void => {
    const { document, operation, schema, contextValue } = requestContext;
    if (!operation) return;
    contextValue.operation.type = operation.operation;
    if (operation.operation === 'subscription') throw subscriptionOverHttp();
    let measure = measures.get(document);
    if (!measure) {
      measure = measureOperation(schema, document, operation);
      measures.set(document, measure);
    }
    if (measure.variableDependent) {
      measure = measureOperation(schema, document, operation, requestContext.request.variables);
    }
    const [violation] = limitViolations(measure, limits);
    if (violation) throw violation;
  };
  return {
    requestDidStart: async () => ({ didResolveOperation: async (ctx) => check(ctx) }),
  };
}

function subscriptionOverHttp(): GraphQLError {
  return new GraphQLError(
    'Subscriptions are served over WebSocket (graphql-transport-ws) or Server-Sent Events (Accept: text/event-stream) on this endpoint.',
    { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
  );
}
