import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { UnauthenticatedError, ValidationFailedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { LoginStatesService, type CompletedLogin } from '../remote/login-states.service.js';
import { IdTokenRejectedError } from './id-token-verifier.js';
import { classifyOidcError, type ProviderMetadata } from './oidc-client.js';
import { OidcEnrolment } from './oidc-enrolment.service.js';
import {
  IdentityProviderUnavailableError,
  OidcSignInRefusedError,
  providerFailure,
  transportFailureOf,
} from './oidc-errors.js';
import { describe, OidcProvidersRegistry } from './oidc-providers.registry.js';
import { issuerKey, type OidcProviderEntry } from './oidc.config.js';

export interface BegunOidcLogin {
  authorizationUrl: string;
  state: string;
}

/**
 * Signing in with an OpenID Connect provider: authorization code flow with PKCE (S256), `state` and `nonce`. The
 * state, nonce, verifier and redirect URI are kept in Postgres (the login_states table, verifier sealed), so any
 * replica completes a login any other began, and each state works once.
 */
@Injectable()
export class OidcLoginService {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    private readonly registry: OidcProvidersRegistry,
    private readonly states: LoginStatesService,
    private readonly enrolment: OidcEnrolment,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  handles(provider: string): boolean {
    return this.registry.find(provider) !== undefined;
  }

  async begin(provider: string, redirectUri?: string | null): Promise<BegunOidcLogin> {
    const entry = this.registry.entry(provider);
    const redirect = this.redirectUriOf(redirectUri);
    const metadata = await this.registry.metadata(entry);
    const nonce = randomBytes(24).toString('base64url');
    const { state, codeChallenge } = await this.states.begin(provider, { nonce, redirectUri: redirect });
    const authorizationUrl = this.registry.client.authorizationUrl(entry, metadata, {
      redirectUri: redirect,
      state,
      nonce,
      codeChallenge,
    });
    return { authorizationUrl, state };
  }

  /** The user the provider signed in: the state is used up first, whatever happens next. */
  async complete(provider: string, code: string, state: string, iss?: string | null): Promise<string> {
    const entry = this.registry.entry(provider);
    const pending = await this.takeState(provider, state);
    const metadata = await this.registry.metadata(entry);
    const claims = await this.verifiedClaims(entry, metadata, pending, { code, state, iss });
    return this.enrolment.signIn(entry, issuerKey(metadata.issuer), claims);
  }

  private async verifiedClaims(
    entry: OidcProviderEntry,
    metadata: ProviderMetadata,
    pending: CompletedLogin,
    response: { code: string; state: string; iss?: string | null | undefined },
  ): Promise<JWTPayload> {
    const { nonce, redirectUri } = pending;
    // A state begun by a flow without nonce (never by beginLogin for this provider) is not this login's.
    if (nonce === undefined || redirectUri === undefined) throw new OidcSignInRefusedError('STATE_INVALID');
    const jwksUri = metadata.jwks_uri;
    if (jwksUri === undefined) {
      this.logger.warn(`"${entry.name}" publishes no jwks_uri: its ID tokens cannot be verified`);
      throw new OidcSignInRefusedError('ID_TOKEN_INVALID');
    }
    try {
      const idToken = await this.registry.client.exchangeCode(entry, {
        metadata,
        credentials: this.registry.credentials(entry),
        redirectUri,
        code: response.code,
        state: response.state,
        ...(response.iss === undefined || response.iss === null ? {} : { iss: response.iss }),
        codeVerifier: pending.codeVerifier,
        nonce,
        clockSkewSeconds: Math.round((this.clock.nowMs() - Date.now()) / 1000),
      });
      return await this.registry.idTokens.verify(entry.name, idToken, {
        issuer: metadata.issuer,
        clientId: entry.clientId,
        nonce,
        jwksUri,
      });
    } catch (error) {
      throw this.failure(entry, error);
    }
  }

  private failure(entry: OidcProviderEntry, error: unknown): Error {
    const transport = transportFailureOf(error);
    if (transport) {
      this.logger.warn(`sign-in with "${entry.name}" failed: ${describe(error)}`);
      return providerFailure(entry.name, transport);
    }
    const verdict = error instanceof IdTokenRejectedError ? 'ID_TOKEN_INVALID' : classifyOidcError(error);
    if (verdict === undefined) return error instanceof Error ? error : new Error(String(error));
    // Expected refusals: one line without a stack; never the code or a token.
    this.logger.log(`sign-in with "${entry.name}" refused (${verdict}): ${describe(error)}`);
    return verdict === 'UNAVAILABLE'
      ? new IdentityProviderUnavailableError(entry.name)
      : new OidcSignInRefusedError(verdict);
  }

  private async takeState(provider: string, state: string): Promise<CompletedLogin> {
    try {
      return await this.states.complete(provider, state);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw new OidcSignInRefusedError('STATE_INVALID');
      throw error;
    }
  }

  /**
   * LOGIN_REDIRECT_URI, or (RFC 8252 §7.3, for the CLI) an http URI on a loopback address and a port of the
   * client's choosing; the provider must accept it too (most allow any port on 127.0.0.1 for native clients).
   */
  private redirectUriOf(requested: string | null | undefined): string {
    if (requested === undefined || requested === null || requested === this.config.LOGIN_REDIRECT_URI) {
      return this.config.LOGIN_REDIRECT_URI;
    }
    let url: URL | undefined;
    try {
      url = new URL(requested);
    } catch {
      url = undefined;
    }
    const loopback =
      url !== undefined &&
      url.protocol === 'http:' &&
      (url.hostname === '127.0.0.1' || url.hostname === '[::1]') &&
      url.port !== '' &&
      url.username === '' &&
      url.password === '' &&
      url.search === '' &&
      url.hash === '';
    if (!loopback || url === undefined) {
      throw new ValidationFailedError(
        'redirectUri',
        'must be LOGIN_REDIRECT_URI or a loopback address with a port, such as http://127.0.0.1:53682/callback',
      );
    }
    return url.toString();
  }
}
