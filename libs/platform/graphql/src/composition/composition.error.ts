import type { GraphQLError } from 'graphql';

export interface CompositionIssue {
  code: string;
  subgraphs: string[];
  message: string;
}

/** Thrown when subgraphs do not compose; lists every issue with the subgraphs it comes from. */
export class CompositionError extends Error {
  readonly code = 'SUPERGRAPH_COMPOSITION_FAILED';

  constructor(readonly issues: CompositionIssue[]) {
    super(
      `Supergraph composition failed with ${issues.length} error(s):\n` +
        issues.map((i) => `- [${i.subgraphs.join(', ') || 'supergraph'}] ${i.code}: ${i.message}`).join('\n'),
    );
    this.name = 'CompositionError';
  }
}

/** Composition attaches the originating subgraph to each AST node it blames. */
export function issueFromGraphQLError(error: GraphQLError): CompositionIssue {
  const subgraphs = new Set<string>();
  for (const node of error.nodes ?? []) {
    const subgraph = (node as { subgraph?: unknown }).subgraph;
    if (typeof subgraph === 'string') subgraphs.add(subgraph);
  }
  const code = typeof error.extensions['code'] === 'string' ? error.extensions['code'] : 'COMPOSITION_ERROR';
  return { code, subgraphs: [...subgraphs].sort(), message: error.message };
}
