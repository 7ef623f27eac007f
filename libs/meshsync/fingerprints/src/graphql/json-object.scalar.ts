import { GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('JSONObject must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * A JSON object (a fingerprint rule). Not the shared `JSON` scalar of @meshplane/graphql, which takes any JSON
 * value: this one refuses anything but an object before a resolver runs.
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
