import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { CompositionError, issueFromGraphQLError } from './composition.error.js';

export interface SubgraphSource {
  /** Subgraph name as it appears in the supergraph (`join__Graph`). */
  name: string;
  /** HTTP URL the gateway calls, e.g. `http://127.0.0.1:4101/graphql`. */
  url: string;
  /** The subgraph's Federation 2 SDL. */
  sdl: string;
}

/**
 * Composes subgraph SDLs into a supergraph SDL with `@apollo/composition`.
 * Throws a CompositionError listing every issue (syntax or composition) with the subgraph it comes from.
 */
export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  const syntaxIssues: CompositionError['issues'] = [];
  const services = subgraphs.flatMap((subgraph) => {
    try {
      return [{ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) }];
    } catch (error) {
      syntaxIssues.push({
        code: 'INVALID_SDL',
        subgraphs: [subgraph.name],
        message: (error as Error).message,
      });
      return [];
    }
  });
  if (syntaxIssues.length > 0) throw new CompositionError(syntaxIssues);
  const result = composeServices(services);
  if (result.errors) throw new CompositionError(result.errors.map(issueFromGraphQLError));
  return result.supergraphSdl;
}
