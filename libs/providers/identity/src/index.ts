/** @meshplane/providers-identity: the local provider, remote provider logins, sessions, API tokens, principal resolution. */
export { identityFeature } from './identity.feature.js';
export { resultSyncFeature } from './result-sync/result-sync.feature.js';
export { IdentityModule } from './identity.module.js';
export { LOCAL_PROVIDER, TOKEN_AUDIENCE, type IdentityConfig } from './config/identity.config.js';
export type { PlatformOperatorEntry } from './operators/platform-operators.config.js';
export { SigningKeysService } from './keys/signing-keys.service.js';
export { PrincipalResolutionService } from './principals/principal-resolution.service.js';
export { SessionsService } from './sessions/sessions.service.js';
