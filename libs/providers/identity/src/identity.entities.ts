import type { ClassReference } from '@meshplane/database';
import { ApiTokenEntity } from './api-tokens/api-token.entity.js';
import { IdentityEntity } from './identities/identity.entity.js';
import { SigningKeyEntity } from './keys/signing-key.entity.js';
import { LocalCredentialEntity } from './local/local-credential.entity.js';
import { PasswordResetEntity } from './local/password-reset.entity.js';
import { LoginStateEntity } from './remote/login-state.entity.js';
import { LoginSessionEntity } from './sessions/login-session.entity.js';
import { RefreshTokenEntity } from './tokens/refresh-token.entity.js';
import { RevokedTokenEntity } from './tokens/revoked-token.entity.js';

/** Every table the identity library owns in the providers schema. */
export const IDENTITY_ENTITIES: ClassReference[] = [
  IdentityEntity,
  LocalCredentialEntity,
  SigningKeyEntity,
  RefreshTokenEntity,
  RevokedTokenEntity,
  ApiTokenEntity,
  LoginStateEntity,
  LoginSessionEntity,
  PasswordResetEntity,
];
