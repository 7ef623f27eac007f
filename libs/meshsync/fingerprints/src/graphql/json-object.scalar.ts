import { GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('JSONObject must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * A JSON object (a fingerprint rule). Named JSONObject, not JSON: the inventory declares its own JSON scalar
 * in the same subgraph, and two types of one name cannot share a schema.
 */
export const JSONObjectScalar = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object, such as a mesh fingerprint rule.',
  serialize: asObject,
  parseValue: asObject,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.OBJECT) throw new TypeError('JSONObject must be a JSON object');
    return asObject(valueFromASTUntyped(ast));
  },
});
