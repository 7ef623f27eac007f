import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/** Arbitrary JSON (a Kubernetes object, labels) returned as is. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value, such as a Kubernetes object as the API server served it.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast) => valueFromASTUntyped(ast),
});
