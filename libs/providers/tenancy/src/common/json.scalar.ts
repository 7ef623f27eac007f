import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/** Any JSON value (object, array, string, number, boolean or null), passed through as is. */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables ?? undefined),
});

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
