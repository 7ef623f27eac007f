import { randomBytes } from 'node:crypto';
import { s256Challenge } from '../oauth/pkce.js';

export interface ContractTarget {
  baseUrl: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  /** Credentials for /oauth/introspect (HTTP Basic). */
  introspectionClientId: string;
  introspectionClientSecret: string;
  /** The `aud` Meshplane expects in access tokens. */
  audience: string;
}

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A thin HTTP client over the contract's endpoints, shared by every check. */
export class ContractClient {
  constructor(readonly target: ContractTarget) {}

  url(path: string): string {
    return new URL(path, `${this.target.baseUrl}/`).toString();
  }

  async get(path: string, bearer?: string): Promise<HttpResult> {
    return this.send(path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  }

  async putJson(path: string, body: unknown, bearer: string): Promise<HttpResult> {
    return this.send(path, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  introspectionAuth(): Record<string, string> {
    const { introspectionClientId: id, introspectionClientSecret: secret } = this.target;
    const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
    return { authorization: `Basic ${basic}` };
  }

  /** Submits the login form with PKCE and returns the redirect Meshplane would receive. */
  async authorize(
    overrides: Record<string, string> = {},
  ): Promise<{ location: URL; verifier: string; state: string }> {
    const verifier = randomBytes(48).toString('base64url');
    const state = randomBytes(12).toString('base64url');
    const result = await this.postForm('oauth/authorize', {
      response_type: 'code',
      client_id: this.target.clientId,
      redirect_uri: this.target.redirectUri,
      code_challenge: s256Challenge(verifier),
      code_challenge_method: 'S256',
      scope: 'profile persistence',
      state,
      username: this.target.username,
      password: this.target.password,
      ...overrides,
    });
    const location = result.headers.get('location');
    if (result.status !== 302 || location === null) {
      throw new Error(`POST /oauth/authorize answered ${result.status} instead of a 302 redirect`);
    }
    return { location: new URL(location), verifier, state };
  }

  /** Full authorization code + PKCE round trip. */
  async login(): Promise<TokenSet> {
    const { location, verifier } = await this.authorize();
    const code = location.searchParams.get('code');
    if (!code)
      throw new Error(`no code in the redirect (${location.searchParams.get('error') ?? 'no error'})`);
    return this.expectTokens(await this.exchange(code, verifier));
  }

  exchange(code: string, verifier: string): Promise<HttpResult> {
    return this.postForm('oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.target.redirectUri,
      client_id: this.target.clientId,
      code_verifier: verifier,
    });
  }

  refresh(refreshToken: string): Promise<HttpResult> {
    return this.postForm('oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: this.target.clientId,
    });
  }

  expectTokens(result: HttpResult): TokenSet {
    const body = result.body as Partial<TokenSet> | undefined;
    if (
      result.status !== 200 ||
      typeof body?.access_token !== 'string' ||
      typeof body.refresh_token !== 'string'
    ) {
      throw new Error(`token endpoint answered ${result.status} without access_token and refresh_token`);
    }
    if (body.token_type?.toLowerCase() !== 'bearer') throw new Error('token_type must be Bearer');
    return body as TokenSet;
  }

  private async send(path: string, init: RequestInit): Promise<HttpResult> {
    const response = await fetch(this.url(path), {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body };
  }
}
