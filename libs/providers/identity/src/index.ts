/** @meshplane/identity: the local provider, remote provider logins, sessions, API tokens, principal resolution. */
export { IdentityModule, type IdentityModuleOptions } from './identity.module.js';
export { IDENTITY_ENTITIES } from './identity.entities.js';
export { IDENTITY_MIGRATIONS } from './migrations/identity.migrations.js';
export {
  IDENTITY_CONFIG_SHAPE,
  LOCAL_PROVIDER,
  TOKEN_AUDIENCE,
  loadIdentityConfig,
  type IdentityConfig,
} from './config/identity.config.js';
export type { Clock } from './clock/clock.js';
export type { PlatformOperatorEntry } from './operators/platform-operators.config.js';
export { SigningKeysService } from './keys/signing-keys.service.js';
export { PrincipalResolutionService } from './principals/principal-resolution.service.js';
export { SessionsService } from './sessions/sessions.service.js';
