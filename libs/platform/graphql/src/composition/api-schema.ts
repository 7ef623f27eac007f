import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';

/**
 * The schema clients see, printed as SDL: the supergraph without federation's internals (`join__*`, `link__*`,
 * `@inaccessible` elements), the same one the gateway derives from it at start. Client code generation reads this,
 * never the supergraph itself.
 */
export function apiSchemaSdl(supergraphSdl: string): string {
  const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return `${printSchema(schema)}\n`;
}
