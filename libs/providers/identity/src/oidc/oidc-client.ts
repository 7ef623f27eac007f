import { importJWK, type JWK } from 'jose';
import * as client from 'openid-client';
import type { OidcProviderEntry } from './oidc.config.js';
import type { PolicyFetch } from './policy-fetch.js';

/** The provider's discovery document as openid-client validated it (plain data, no helpers). */
export type ProviderMetadata = client.ServerMetadata;

/** What a token request needs besides the provider's settings. */
export interface ClientCredentials {
  secret?: string;
  privateKey?: JWK;
}

export interface CodeExchange {
  metadata: ProviderMetadata;
  credentials: ClientCredentials;
  /** The redirect URI the login began with, the code, state and (RFC 9207) iss the provider sent back to it. */
  redirectUri: string;
  code: string;
  state: string;
  iss?: string;
  codeVerifier: string;
  nonce: string;
  /** Seconds to add to the system clock: openid-client validates timestamps on Meshplane's (injected) time. */
  clockSkewSeconds: number;
}

/**
 * The only place openid-client is used. Each call builds a Configuration from cached, validated metadata (cheap,
 * and it carries the current clock skew), with every request sent through the policy fetch.
 */
export class OidcClient {
  private readonly keys = new Map<string, Promise<client.PrivateKey>>();

  constructor(
    private readonly fetch: PolicyFetch,
    private readonly allowInsecureHttp: boolean,
  ) {}

  /** Discovery: `<issuer>/.well-known/openid-configuration`, whose `issuer` must be exactly the one configured. */
  async discover(entry: OidcProviderEntry): Promise<ProviderMetadata> {
    const config = await client.discovery(new URL(entry.issuer), entry.clientId, undefined, undefined, {
      [client.customFetch]: this.fetch,
      execute: this.allowInsecureHttp ? [client.allowInsecureRequests] : [],
    });
    // serverMetadata() adds helper functions; the Configuration built per call needs plain, cloneable data.
    return JSON.parse(JSON.stringify(config.serverMetadata())) as ProviderMetadata;
  }

  authorizationUrl(
    entry: OidcProviderEntry,
    metadata: ProviderMetadata,
    params: { redirectUri: string; state: string; nonce: string; codeChallenge: string },
  ): string {
    const config = this.configuration(entry, metadata, {}, 0, client.None());
    return client
      .buildAuthorizationUrl(config, {
        response_type: 'code',
        redirect_uri: params.redirectUri,
        scope: entry.scopes.join(' '),
        state: params.state,
        nonce: params.nonce,
        code_challenge: params.codeChallenge,
        code_challenge_method: 'S256',
      })
      .toString();
  }

  /** The ID token of a completed authorization; openid-client checks state, iss, the code's ID token claims. */
  async exchangeCode(entry: OidcProviderEntry, exchange: CodeExchange): Promise<string> {
    const auth = await this.clientAuth(entry, exchange.credentials);
    const config = this.configuration(
      entry,
      exchange.metadata,
      exchange.credentials,
      exchange.clockSkewSeconds,
      auth,
    );
    const callback = new URL(exchange.redirectUri);
    callback.searchParams.set('code', exchange.code);
    callback.searchParams.set('state', exchange.state);
    if (exchange.iss !== undefined) callback.searchParams.set('iss', exchange.iss);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: exchange.codeVerifier,
      expectedState: exchange.state,
      expectedNonce: exchange.nonce,
      idTokenExpected: true,
    });
    if (tokens.id_token === undefined) throw new Error('the token response holds no ID token');
    return tokens.id_token;
  }

  private configuration(
    entry: OidcProviderEntry,
    metadata: ProviderMetadata,
    credentials: ClientCredentials,
    clockSkewSeconds: number,
    auth: client.ClientAuth,
  ): client.Configuration {
    const config = new client.Configuration(
      metadata,
      entry.clientId,
      {
        ...(credentials.secret === undefined ? {} : { client_secret: credentials.secret }),
        [client.clockSkew]: clockSkewSeconds,
      },
      auth,
    );
    config[client.customFetch] = this.fetch;
    if (this.allowInsecureHttp) client.allowInsecureRequests(config);
    return config;
  }

  private async clientAuth(
    entry: OidcProviderEntry,
    credentials: ClientCredentials,
  ): Promise<client.ClientAuth> {
    switch (entry.clientAuth) {
      case 'client_secret_basic':
        return client.ClientSecretBasic(credentials.secret);
      case 'client_secret_post':
        return client.ClientSecretPost(credentials.secret);
      case 'none':
        return client.None();
      case 'private_key_jwt': {
        const jwk = credentials.privateKey;
        if (jwk === undefined) throw new Error(`no private key for ${entry.name}`);
        let key = this.keys.get(entry.name);
        if (key === undefined) {
          key = importPrivateKey(jwk);
          this.keys.set(entry.name, key);
        }
        return client.PrivateKeyJwt(await key);
      }
    }
  }
}

async function importPrivateKey(jwk: JWK): Promise<client.PrivateKey> {
  const key = await importJWK(jwk, jwk.alg);
  if (key instanceof Uint8Array) throw new Error('private_key_jwt needs an asymmetric private key');
  return { key, ...(jwk.kid === undefined ? {} : { kid: jwk.kid }) };
}

/** How a failed openid-client call reads: the provider refused the code, the ID token is bad, or it is down. */
export type OidcFailure = 'CODE_REFUSED' | 'ID_TOKEN_INVALID' | 'UNAVAILABLE';

// oauth4webapi's error codes (openid-client passes them through on ClientError#code without exporting them).
const ID_TOKEN_CODES = new Set([
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_PARSE_ERROR',
]);
const RESPONSE_IS_NOT_CONFORM = 'OAUTH_RESPONSE_IS_NOT_CONFORM';

/** Undefined for errors openid-client did not raise (they are faults, not verdicts). */
export function classifyOidcError(error: unknown): OidcFailure | undefined {
  if (error instanceof client.ResponseBodyError) return error.status >= 500 ? 'UNAVAILABLE' : 'CODE_REFUSED';
  if (error instanceof client.AuthorizationResponseError) return 'CODE_REFUSED';
  if (error instanceof client.ClientError) {
    if (error.code === RESPONSE_IS_NOT_CONFORM) {
      const status = (error.cause as { status?: unknown } | undefined)?.status;
      return typeof status === 'number' && status >= 500 ? 'UNAVAILABLE' : 'CODE_REFUSED';
    }
    if (error.code !== undefined && ID_TOKEN_CODES.has(error.code)) return 'ID_TOKEN_INVALID';
    if (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT') return 'UNAVAILABLE';
  }
  return undefined;
}
