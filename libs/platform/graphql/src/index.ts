export { DomainError, NotFoundError, ValidationFailedError } from './errors/domain-error.js';
export { formatGraphqlError } from './errors/format-error.js';
export { subgraphOptions, type SubgraphContext, type SubgraphOptions } from './subgraph/subgraph-options.js';
export { DependencyCheck, ServiceStatus } from './subgraph/service-status.model.js';
export { createStatusResolver, statusFieldName } from './subgraph/status.resolver.js';
export { collectResolvers, renderSubgraphSdl, type EmitSdlOptions } from './sdl/emit-sdl.js';
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
export {
  decodeCursor,
  encodeCursor,
  MAX_CURSOR_LENGTH,
  type CursorKey,
  type CursorShape,
  type CursorValues,
} from './pagination/cursor.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSize } from './pagination/page-size.js';
export { PageArgs } from './pagination/page-args.js';
export { PageInfo } from './pagination/page-info.model.js';
export { SortDirection } from './pagination/sort-direction.enum.js';
export {
  connectionOf,
  emptyConnection,
  pageOf,
  type Connection,
  type Edge,
  type Page,
} from './pagination/connection.js';
export { JSONScalar, type JsonValue } from './scalars/json.scalar.js';
export { checkEmail, checkUuid, EMAIL_MAX_LENGTH, isEmail, isUuid } from './validation/identifiers.js';
export {
  checkDescription,
  checkName,
  checkOptionalText,
  checkText,
  DESCRIPTION_MAX_LENGTH,
  hasControlCharacters,
  NAME_MAX_LENGTH,
  replaceControlCharacters,
  type TextLimits,
} from './validation/text.js';
export {
  MAX_LABEL_SELECTOR_LENGTH,
  parseLabelSelector,
  type LabelRequirement,
} from './validation/label-selector.js';
