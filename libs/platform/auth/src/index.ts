export { AuthError, isAuthError, type AuthErrorCode } from './auth-error.js';
export {
  createKeyRing,
  importKeyRing,
  type ExportedKeyRing,
  type ExportedSigningKey,
  type JsonWebKeySet,
  type KeyRing,
  type KeyRingOptions,
  type PublicSigningJwk,
  type SigningKey,
} from './key-ring.js';
export { openSecret, sealSecret, sealedKeyId, secretKeyId } from './secret-box.js';
export {
  openFromSender,
  RECIPIENT_SEAL_SCHEME,
  recipientKeyPair,
  sealToRecipient,
  type RecipientKeyPair,
  type RecipientSealed,
} from './recipient-seal.js';
export {
  ACCESS_TOKEN_TYPE,
  ALLOWED_ALGORITHMS,
  CLAIM_CLIENT_ID,
  CLAIM_ORG_ID,
  CLAIM_ROLES,
  CLAIM_SCOPE,
} from './access-token.claims.js';
export { issueAccessToken, type AccessTokenInput } from './access-token.issuer.js';
export type { JwksProvider } from './jwks-key-source.js';
export { isJsonWebKeySet } from './remote-jwks.cache.js';
export { readBoundedBody } from './bounded-body.js';
export type { Principal } from './principal.js';
export {
  createTokenVerifier,
  type TokenProviderConfig,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier.js';
export {
  INTERNAL_CONTEXT_HEADER,
  signInternalContext,
  verifyInternalContext,
  type CredentialKind,
  type InternalContext,
  type InternalContextKind,
  type SignContextOptions,
  type VerifyContextOptions,
} from './internal-context.js';
export {
  generateApiToken,
  hashApiToken,
  parseApiTokenId,
  verifyApiTokenHash,
  type GeneratedApiToken,
} from './api-token.js';
export { PERMISSIONS, ROLES, can, isRole, permissionsOf, type Permission, type Role } from './permissions.js';
export {
  REMOTE_JWKS_PATH,
  parseRemoteProviders,
  remoteProviderVerification,
  type RemoteProviderEntry,
} from './remote-providers.config.js';
