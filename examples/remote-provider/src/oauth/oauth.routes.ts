import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  basicCredentials,
  escapeHtml,
  HttpError,
  readForm,
  redirect,
  sendHtml,
  sendJson,
} from '../http/http-io.js';
import type { UserStore } from '../users/user.store.js';
import { OAuthError } from './oauth.errors.js';
import { isValidChallenge } from './pkce.js';
import { SUPPORTED_SCOPES, type AuthorizationRequest, type TokenService } from './token.service.js';

export interface ResourceServerCredentials {
  clientId: string;
  clientSecret: string;
}

const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'code_challenge',
  'code_challenge_method',
  'scope',
  'state',
] as const;

export class OAuthRoutes {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UserStore,
    private readonly resourceServers: readonly ResourceServerCredentials[],
  ) {}

  /** GET: the login form. Errors about the client itself are shown, never redirected (open redirect). */
  authorizeForm(url: URL, res: ServerResponse): void {
    const outcome = this.validateAuthorize(url.searchParams);
    if (outcome.kind === 'redirect') return redirect(res, outcome.location);
    sendHtml(res, 200, loginPage(url.searchParams, false));
  }

  /** POST: credentials plus the same OAuth parameters; success redirects back with the code. */
  async authorizeSubmit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const outcome = this.validateAuthorize(form);
    if (outcome.kind === 'redirect') return redirect(res, outcome.location);
    const user = this.users.authenticate(form.get('username') ?? '', form.get('password') ?? '');
    if (!user) return sendHtml(res, 401, loginPage(form, true));
    const code = this.tokens.issueCode(outcome.request, user);
    redirect(res, withParams(outcome.request.redirectUri, { code, state: form.get('state') }));
  }

  async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const clientId = required(form, 'client_id');
    try {
      const grant = form.get('grant_type');
      const body =
        grant === 'authorization_code'
          ? await this.tokens.redeemCode({
              code: required(form, 'code'),
              clientId,
              redirectUri: required(form, 'redirect_uri'),
              codeVerifier: required(form, 'code_verifier'),
            })
          : grant === 'refresh_token'
            ? await this.tokens.refresh(required(form, 'refresh_token'), clientId)
            : unsupportedGrant();
      sendJson(res, 200, body);
    } catch (error) {
      if (error instanceof OAuthError) throw new HttpError(400, oauthBody(error));
      throw error;
    }
  }

  async introspect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.authenticateResourceServer(req);
    const form = await readForm(req);
    sendJson(res, 200, await this.tokens.introspect(required(form, 'token')));
  }

  async revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    await this.tokens.revoke(required(form, 'token'), required(form, 'client_id'));
    res.writeHead(200, { 'cache-control': 'no-store' }).end();
  }

  private authenticateResourceServer(req: IncomingMessage): void {
    const given = basicCredentials(req);
    const known = given && this.resourceServers.find((rs) => rs.clientId === given.id);
    if (!given || !known || !constantTimeEquals(known.clientSecret, given.secret)) {
      throw new HttpError(401, { error: 'invalid_client' });
    }
  }

  private validateAuthorize(
    params: URLSearchParams,
  ): { kind: 'ok'; request: AuthorizationRequest } | { kind: 'redirect'; location: string } {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!this.tokens.client(clientId, redirectUri)) {
      throw new HttpError(400, {
        error: 'invalid_request',
        error_description: 'unknown client or redirect_uri',
      });
    }
    const fail = (error: string, description: string) => ({
      kind: 'redirect' as const,
      location: withParams(redirectUri, {
        error,
        error_description: description,
        state: params.get('state'),
      }),
    });
    if (params.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'only code is supported');
    if (params.get('code_challenge_method') !== 'S256')
      return fail('invalid_request', 'PKCE with S256 is required');
    const codeChallenge = params.get('code_challenge') ?? '';
    if (!isValidChallenge(codeChallenge)) return fail('invalid_request', 'malformed code_challenge');
    const requested = (params.get('scope') ?? 'profile').split(' ').filter((s) => s !== '');
    if (!requested.every((s) => (SUPPORTED_SCOPES as readonly string[]).includes(s))) {
      return fail('invalid_scope', 'unsupported scope');
    }
    return { kind: 'ok', request: { clientId, redirectUri, codeChallenge, scopes: requested } };
  }
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value)
    throw new HttpError(400, { error: 'invalid_request', error_description: `${name} is required` });
  return value;
}

function unsupportedGrant(): never {
  throw new OAuthError('unsupported_grant_type', 'use authorization_code or refresh_token');
}

function oauthBody(error: OAuthError): Record<string, unknown> {
  return { error: error.code, error_description: error.description };
}

function withParams(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

/** Hashing first gives equal lengths, so the comparison time says nothing about the secret. */
function constantTimeEquals(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function loginPage(params: URLSearchParams, failed: boolean): string {
  const hidden = AUTHORIZE_PARAMS.map((name) => {
    const value = params.get(name);
    return value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  }).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>
<h1>Sign in to continue to Meshplane</h1>${failed ? '<p role="alert">Wrong username or password.</p>' : ''}
<form method="post" action="/oauth/authorize">${hidden}
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></body></html>`;
}
