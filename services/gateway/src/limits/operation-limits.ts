import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Own budget of the `__schema`/`__type` part: a full introspection query costs ≈ 50 000 by this measure. */
  maxIntrospectionCost: number;
}

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
  /** Cost of the fields under `__schema` and `__type`, measured the same way but against its own maximum. */
  introspectionCost: number;
  /** True when a `first`/`last` argument is a variable, so cost depends on each request's variables. */
  variableDependent: boolean;
}

/** What a list field is assumed to return when neither `first` nor `last` says how many. */
export const DEFAULT_LIST_SIZE = 10;

type Variables = Readonly<Record<string, unknown>> | undefined;

/**
 * Measures one operation statically: depth of field nesting, alias count, and a cost where every field
 * costs 1 times the sizes of the lists enclosing it (`first`/`last` or DEFAULT_LIST_SIZE), so
 * `items(first: 100) { id }` costs 101.
 * Fragments are expanded; a fragment cycle (rejected later by validation) is cut off, not followed.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Variables,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measure: OperationMeasure = {
    depth: 0,
    aliases: 0,
    cost: 0,
    introspectionCost: 0,
    variableDependent: false,
  };
  const root = schema.getRootType(operation.operation) ?? undefined;
  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    depth: number,
    multiplier: number,
    visiting: Set<string>,
    introspection: boolean,
  ): void => {
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          if (selection.alias) measure.aliases += 1;
          measure.depth = Math.max(measure.depth, depth);
          const name = selection.name.value;
          if (name === TypeNameMetaFieldDef.name) continue;
          // Introspection is walked like any other selection (its aliases, depth and lists count), with
          // its cost kept apart: a full introspection query is legitimately far costlier than a query.
          const inIntrospection =
            introspection || name === SchemaMetaFieldDef.name || name === TypeMetaFieldDef.name;
          const field = fieldOf(parent, name);
          const size =
            field && isListType(getNullableType(field.type)) ? listSize(selection, variables, measure) : 1;
          if (inIntrospection) measure.introspectionCost += multiplier;
          else measure.cost += multiplier;
          if (selection.selectionSet) {
            walk(
              selection.selectionSet,
              field && getNamedType(field.type),
              depth + 1,
              multiplier * size,
              visiting,
              inIntrospection,
            );
          }
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const typeCondition = selection.typeCondition && schema.getType(selection.typeCondition.name.value);
          walk(selection.selectionSet, typeCondition ?? parent, depth, multiplier, visiting, introspection);
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || visiting.has(name)) break;
          visiting.add(name);
          walk(
            fragment.selectionSet,
            schema.getType(fragment.typeCondition.name.value) ?? parent,
            depth,
            multiplier,
            visiting,
            introspection,
          );
          visiting.delete(name);
          break;
        }
      }
    }
  };
  walk(operation.selectionSet, root, 1, 1, new Set(), false);
  return measure;
}

/** Errors for every limit the measure exceeds, each naming the limit, the value found and the maximum. */
export function limitViolations(measure: OperationMeasure, limits: OperationLimits): GraphQLError[] {
  const violations: GraphQLError[] = [];
  const violation = (message: string) =>
    new GraphQLError(message, { extensions: { code: 'OPERATION_LIMIT_EXCEEDED', http: { status: 400 } } });
  if (measure.depth > limits.maxDepth) {
    violations.push(
      violation(`Query depth ${measure.depth} exceeds the maximum depth of ${limits.maxDepth}.`),
    );
  }
  if (measure.aliases > limits.maxAliases) {
    violations.push(
      violation(`Query uses ${measure.aliases} aliases; at most ${limits.maxAliases} are allowed.`),
    );
  }
  if (measure.cost > limits.maxCost) {
    violations.push(violation(`Query cost ${measure.cost} exceeds the maximum cost of ${limits.maxCost}.`));
  }
  if (measure.introspectionCost > limits.maxIntrospectionCost) {
    violations.push(
      violation(
        `Introspection cost ${measure.introspectionCost} exceeds the maximum introspection cost of ${limits.maxIntrospectionCost}.`,
      ),
    );
  }
  return violations;
}

function fieldOf(
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name];
  return undefined;
}

function listSize(field: FieldNode, variables: Variables, measure: OperationMeasure): number {
  for (const argument of field.arguments ?? []) {
    if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
    const size = intValue(argument.value, variables, measure);
    if (size !== undefined) return Math.max(size, 0);
  }
  return DEFAULT_LIST_SIZE;
}

function intValue(value: ValueNode, variables: Variables, measure: OperationMeasure): number | undefined {
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind !== Kind.VARIABLE) return undefined;
  measure.variableDependent = true;
  const provided = variables?.[value.name.value];
  return typeof provided === 'number' && Number.isInteger(provided) ? provided : undefined;
}
