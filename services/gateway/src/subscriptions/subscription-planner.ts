import {
  getOperationAST,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { limitViolations, measureOperation, type OperationLimits } from '../limits/operation-limits.js';

export interface SubscriptionRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

export type SubscriptionPlan =
  | { kind: 'rejected'; errors: GraphQLError[] }
  /** A query or mutation sent over a subscription transport: executed by the gateway itself. */
  | { kind: 'operation'; document: DocumentNode; operation: OperationDefinitionNode }
  | {
      kind: 'subscription';
      subgraph: string;
      document: DocumentNode;
      query: string;
      operationName: string | undefined;
      variables: Record<string, unknown> | undefined;
    };

export interface SubscriptionPlannerOptions {
  schema: GraphQLSchema;
  /** Subscription root field → owning subgraph (from the supergraph). */
  routes: ReadonlyMap<string, string>;
  limits: OperationLimits;
  /** False: `__schema`/`__type` are refused, as Apollo refuses them on HTTP. */
  introspection?: boolean;
}

/**
 * Decides where a subscription goes: validates it against the API schema, applies the same limits as
 * HTTP queries, and finds the one subgraph that owns its root field(s).
 */
export class SubscriptionPlanner {
  constructor(private readonly options: SubscriptionPlannerOptions) {}

  plan(request: SubscriptionRequest): SubscriptionPlan {
    const { query, operationName, variables } = request;
    if (typeof query !== 'string' || query.trim() === '')
      return rejected('A non-empty "query" string is required.');
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
      return rejected('"operationName" must be a string.');
    }
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    ) {
      return rejected('"variables" must be a JSON object.');
    }
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { kind: 'rejected', errors: [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')] };
    }
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) return rejected('Unable to identify the operation to run; give a valid "operationName".');
    const owners =
      operation.operation === 'subscription' ? this.owners(document, operation.selectionSet) : undefined;
    if (owners && owners.size > 1) {
      const list = [...owners].map(([field, subgraph]) => `${field} (${subgraph})`).join(', ');
      return rejected(
        `A subscription must select root fields of one subgraph only; this one selects ${list}.`,
      );
    }
    const validationErrors = validate(
      this.options.schema,
      document,
      this.options.introspection === false
        ? [...specifiedRules, NoSchemaIntrospectionCustomRule]
        : specifiedRules,
    );
    if (validationErrors.length > 0) {
      return {
        kind: 'rejected',
        errors: validationErrors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')),
      };
    }
    const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
    const violations = limitViolations(
      measureOperation(this.options.schema, document, operation, vars),
      this.options.limits,
    );
    if (violations.length > 0) return { kind: 'rejected', errors: violations };
    if (!owners) return { kind: 'operation', document, operation };
    const subgraph = [...owners.values()][0];
    if (subgraph === undefined) return rejected('This subscription has no root field served by a subgraph.');
    return {
      kind: 'subscription',
      subgraph,
      document,
      query,
      operationName: operationName ?? undefined,
      variables: vars,
    };
  }

  /** Root field → owning subgraph, grouped so several fields of one subgraph count once. */
  private owners(document: DocumentNode, selectionSet: SelectionSetNode): Map<string, string> {
    const bySubgraph = new Map<string, string>();
    for (const field of rootFields(document, selectionSet, new Set())) {
      const subgraph = this.options.routes.get(field);
      if (subgraph !== undefined && !bySubgraph.has(subgraph)) bySubgraph.set(subgraph, field);
    }
    return new Map([...bySubgraph].map(([subgraph, field]) => [field, subgraph]));
  }
}

function rootFields(document: DocumentNode, selectionSet: SelectionSetNode, seen: Set<string>): string[] {
  return selectionSet.selections.flatMap((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return selection.name.value.startsWith('__') ? [] : [selection.name.value];
      case Kind.INLINE_FRAGMENT:
        return rootFields(document, selection.selectionSet, seen);
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = document.definitions.find(
          (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name,
        );
        if (!fragment || fragment.kind !== Kind.FRAGMENT_DEFINITION || seen.has(name)) return [];
        seen.add(name);
        return rootFields(document, fragment.selectionSet, seen);
      }
    }
  });
}

function rejected(message: string): SubscriptionPlan {
  return { kind: 'rejected', errors: [new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } })] };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
