import { Module } from '@nestjs/common';
import { TenancyModule } from '@meshplane/providers-tenancy';
import { ApiTokensRepository } from './api-tokens/api-tokens.repository.js';
import { ApiTokensResolver } from './api-tokens/api-tokens.resolver.js';
import { ApiTokensService } from './api-tokens/api-tokens.service.js';
import { IdentitiesRepository } from './identities/identities.repository.js';
import { SigningKeyRepository } from './keys/signing-key.repository.js';
import { SIGNING_KEY_STORE } from './keys/signing-key.store.js';
import { SigningKeysService } from './keys/signing-keys.service.js';
import { BootstrapPasswordOutput } from './local/bootstrap-password.output.js';
import { LocalBootstrapService } from './local/local-bootstrap.service.js';
import { LocalCredentialsRepository } from './local/local-credentials.repository.js';
import { LocalLoginService } from './local/local-login.service.js';
import { LoginThrottle } from './local/login-throttle.js';
import { LocalSignupService } from './local/invitation-signup.service.js';
import { LocalUsersResolver } from './local/local-users.resolver.js';
import { PasswordChangeService } from './local/password-change.service.js';
import { PasswordResetService } from './local/password-reset.service.js';
import { PasswordResetsRepository } from './local/password-resets.repository.js';
import { MemberAccessResolver } from './members/member-access.resolver.js';
import { MemberAccessService } from './members/member-access.service.js';
import { OidcEnrolment } from './oidc/oidc-enrolment.service.js';
import { OidcLoginService } from './oidc/oidc-login.service.js';
import { OidcProvidersRegistry } from './oidc/oidc-providers.registry.js';
import { PlatformOperatorsService } from './operators/platform-operators.service.js';
import { InternalCallerGuard } from './principals/internal-caller.guard.js';
import { InternalPrincipalsController } from './principals/internal-principals.controller.js';
import { JwksController } from './principals/jwks.controller.js';
import { PrincipalResolutionService } from './principals/principal-resolution.service.js';
import { LoginStateRepository } from './remote/login-state.repository.js';
import { LOGIN_STATE_STORE } from './remote/login-state.store.js';
import { LoginStatesService } from './remote/login-states.service.js';
import { RemoteLoginService } from './remote/remote-login.service.js';
import { RemoteOAuthClient } from './remote/remote-oauth.client.js';
import { RemoteGrantsService } from './remote/remote-grants.service.js';
import { ProviderGrantsResolver } from './remote/provider-grants.resolver.js';
import { RemoteProvidersRegistry } from './remote/remote-providers.registry.js';
import { LoginSessionsRepository } from './sessions/login-sessions.repository.js';
import { MeResolver } from './sessions/me.resolver.js';
import { MySessionsResolver } from './sessions/my-sessions.resolver.js';
import { MySessionsService } from './sessions/my-sessions.service.js';
import { ProvidersResolver } from './sessions/providers.resolver.js';
import { SessionsResolver } from './sessions/sessions.resolver.js';
import { SessionsService } from './sessions/sessions.service.js';
import { RefreshTokenRepository } from './tokens/refresh-token.repository.js';
import { RefreshTokensService } from './tokens/refresh-tokens.service.js';
import { RevocationRepository } from './tokens/revocation.repository.js';
import { REFRESH_TOKEN_STORE, REVOCATION_STORE } from './tokens/token.stores.js';

/**
 * The local provider, remote and OpenID Connect provider logins, local users, sessions, API tokens and the gateway's
 * principal resolution. Its config (IDENTITY_CONFIG) and the Clock come from the service: see identity.feature.ts.
 */
@Module({
  imports: [TenancyModule],
  controllers: [JwksController, InternalPrincipalsController],
  providers: [
    { provide: SIGNING_KEY_STORE, useClass: SigningKeyRepository },
    { provide: REFRESH_TOKEN_STORE, useClass: RefreshTokenRepository },
    { provide: REVOCATION_STORE, useClass: RevocationRepository },
    { provide: LOGIN_STATE_STORE, useClass: LoginStateRepository },
    SigningKeysService,
    RefreshTokensService,
    IdentitiesRepository,
    LocalCredentialsRepository,
    LocalLoginService,
    LoginThrottle,
    PasswordChangeService,
    PasswordResetsRepository,
    PasswordResetService,
    LocalSignupService,
    MemberAccessService,
    LocalBootstrapService,
    BootstrapPasswordOutput,
    SessionsService,
    LoginSessionsRepository,
    MySessionsService,
    PrincipalResolutionService,
    PlatformOperatorsService,
    InternalCallerGuard,
    ApiTokensRepository,
    ApiTokensService,
    LoginStatesService,
    RemoteProvidersRegistry,
    RemoteOAuthClient,
    RemoteGrantsService,
    RemoteLoginService,
    OidcProvidersRegistry,
    OidcEnrolment,
    OidcLoginService,
    SessionsResolver,
    MeResolver,
    ProviderGrantsResolver,
    ProvidersResolver,
    ApiTokensResolver,
    MySessionsResolver,
    LocalUsersResolver,
    MemberAccessResolver,
  ],
  exports: [
    SigningKeysService,
    PrincipalResolutionService,
    SessionsService,
    RemoteProvidersRegistry,
    RemoteGrantsService,
  ],
})
export class IdentityModule {}
