import { defineFeature } from '@meshplane/service-kit';
import { tenancyFeature } from '@meshplane/providers-tenancy';
import { ApiTokenEntity } from './api-tokens/api-token.entity.js';
import { IDENTITY_CONFIG, IDENTITY_CONFIG_SHAPE, refineIdentityConfig } from './config/identity.config.js';
import { IdentityEntity } from './identities/identity.entity.js';
import { IdentityModule } from './identity.module.js';
import { SigningKeyEntity } from './keys/signing-key.entity.js';
import { LocalCredentialEntity } from './local/local-credential.entity.js';
import { IDENTITY_MIGRATIONS } from './migrations/identity.migrations.js';
import { PasswordResetEntity } from './local/password-reset.entity.js';
import { LoginStateEntity } from './remote/login-state.entity.js';
import { RemoteGrantEntity } from './remote/remote-grant.entity.js';
import { LoginSessionEntity } from './sessions/login-session.entity.js';
import { RefreshTokenEntity } from './tokens/refresh-token.entity.js';
import { RevokedTokenEntity } from './tokens/revoked-token.entity.js';

/** Identity as the providers service runs it; users and memberships come from the tenancy feature it requires. */
export const identityFeature = defineFeature({
  name: 'identity',
  module: IdentityModule,
  entities: [
    IdentityEntity,
    LocalCredentialEntity,
    SigningKeyEntity,
    RefreshTokenEntity,
    RevokedTokenEntity,
    ApiTokenEntity,
    LoginStateEntity,
    LoginSessionEntity,
    PasswordResetEntity,
    RemoteGrantEntity,
  ],
  migrations: IDENTITY_MIGRATIONS,
  config: { token: IDENTITY_CONFIG, shape: IDENTITY_CONFIG_SHAPE, refine: refineIdentityConfig },
  requires: [tenancyFeature],
});
