export { apiSchemaSdl } from './api-schema.js';
export { composeSupergraph, type SubgraphSource } from './compose-supergraph.js';
export { CompositionError, type CompositionIssue } from './composition.error.js';
export {
  subgraphUrlVariable,
  subscriptionRoutes,
  supergraphSubgraphs,
  type SupergraphSubgraph,
} from './supergraph-reader.js';
