export { DomainError, NotFoundError, ValidationFailedError } from './errors/domain-error.js';
export { formatGraphqlError } from './errors/format-error.js';
export { subgraphOptions, type SubgraphContext, type SubgraphOptions } from './subgraph/subgraph-options.js';
export { DependencyCheck, ServiceStatus } from './subgraph/service-status.model.js';
export { createStatusResolver, statusFieldName } from './subgraph/status.resolver.js';
export { collectResolvers, renderSubgraphSdl, type EmitSdlOptions } from './sdl/emit-sdl.js';
export {
  apiSchemaSdl,
  composeSupergraph,
  CompositionError,
  subgraphUrlVariable,
  subscriptionRoutes,
  supergraphSubgraphs,
  type CompositionIssue,
  type SubgraphSource,
  type SupergraphSubgraph,
} from './composition/index.js';
export {
  callerFromContext,
  ForbiddenError,
  requireOrg,
  requirePermission,
  requirePlatformOperator,
  requireUser,
  UnauthenticatedError,
  type Caller,
} from './caller/caller.js';
export { CurrentCaller } from './caller/current-caller.decorator.js';
export { verifiedCaller } from './subgraph/subgraph-options.js';
