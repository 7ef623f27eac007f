import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createKeyRing, type Principal } from '@meshplane/auth';
import { capabilitiesDocument, type ExtensionPoint } from './capabilities.js';
import { bearerToken, HttpError, sendJson } from './http/http-io.js';
import { OAuthRoutes, type ResourceServerCredentials } from './oauth/oauth.routes.js';
import { TokenService, type OAuthClient } from './oauth/token.service.js';
import { PersistenceRoutes } from './persistence/persistence.routes.js';
import { PersistenceStore, type PersistedKind } from './persistence/persistence.store.js';
import { DEMO_USERS, UserStore, type SeedUser } from './users/user.store.js';

export interface RemoteProviderOptions {
  port?: number;
  host?: string;
  /** Defaults to the listening URL: the contract requires `iss` to equal the provider's base URL. */
  issuer?: string;
  providerName?: string;
  users?: readonly SeedUser[];
  clients?: readonly OAuthClient[];
  /** Who may call /oauth/introspect (HTTP Basic); a random secret is generated when omitted. */
  resourceServers?: readonly ResourceServerCredentials[];
  audience?: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  extensionPoints?: readonly ExtensionPoint[];
}

export interface RemoteProviderHandle {
  url: string;
  issuer: string;
  resourceServers: readonly ResourceServerCredentials[];
  stop(): Promise<void>;
  /** Starts signing with a new key; the old one stays in the JWKS so issued tokens keep verifying. */
  rotateKeys(): void;
}

export const DEFAULT_CLIENT: OAuthClient = {
  clientId: 'meshplane',
  redirectUris: ['http://127.0.0.1:4000/auth/callback'],
};
const PROVIDER_VERSION = '0.1.0';
const PERSISTENCE_PATH = /^\/persistence\/(designs|performance-results)(?:\/([^/]+))?$/;

export async function startRemoteProvider(
  options: RemoteProviderOptions = {},
): Promise<RemoteProviderHandle> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  const issuer = (options.issuer ?? url).replace(/\/+$/, '');
  const resourceServers = options.resourceServers ?? [
    { clientId: 'meshplane-gateway', clientSecret: randomBytes(24).toString('base64url') },
  ];
  const ttl = options.accessTokenTtlSeconds ?? 300;
  // Retired keys stay published for two token lifetimes, so a rotation never breaks issued tokens.
  const ring = createKeyRing({ rotationMs: 24 * 3_600_000, retainMs: 2 * ttl * 1000 + 60_000 });
  const users = new UserStore(options.users ?? DEMO_USERS);
  const tokens = new TokenService({
    issuer,
    audience: options.audience ?? 'meshplane',
    accessTokenTtlSeconds: ttl,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * 24 * 3600,
    clients: options.clients ?? [DEFAULT_CLIENT],
    users,
    ring,
  });
  const oauth = new OAuthRoutes(tokens, users, resourceServers);
  const persistence = new PersistenceRoutes(new PersistenceStore());
  const capabilities = capabilitiesDocument(
    options.providerName ?? 'reference-remote-provider',
    PROVIDER_VERSION,
    options.extensionPoints ?? [],
  );

  const authenticate = async (req: IncomingMessage): Promise<Principal> => {
    const token = bearerToken(req);
    const principal = token === undefined ? undefined : await tokens.verifyAccessToken(token);
    if (!principal)
      throw new HttpError(
        401,
        { error: 'invalid_token' },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      );
    return principal;
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestUrl = new URL(req.url ?? '/', url);
    const key = `${req.method ?? 'GET'} ${requestUrl.pathname}`;
    switch (key) {
      case 'GET /capabilities':
        return sendJson(res, 200, capabilities);
      case 'GET /.well-known/jwks.json':
        return sendJson(res, 200, ring.jwks(), { 'cache-control': 'public, max-age=300' });
      case 'GET /oauth/authorize':
        return oauth.authorizeForm(requestUrl, res);
      case 'POST /oauth/authorize':
        return oauth.authorizeSubmit(req, res);
      case 'POST /oauth/token':
        return oauth.token(req, res);
      case 'POST /oauth/introspect':
        return oauth.introspect(req, res);
      case 'POST /oauth/revoke':
        return oauth.revoke(req, res);
      case 'GET /userinfo':
        return userinfo(await authenticate(req), users, res);
    }
    const match = PERSISTENCE_PATH.exec(requestUrl.pathname);
    if (!match) throw new HttpError(404, { error: 'not_found' });
    const principal = await authenticate(req);
    if (!principal.scopes.includes('persistence')) throw new HttpError(403, { error: 'insufficient_scope' });
    const kind = match[1] as PersistedKind;
    const id = match[2];
    if (req.method === 'GET' && id === undefined) return persistence.list(principal, kind, requestUrl, res);
    if (req.method === 'GET' && id !== undefined)
      return persistence.get(principal, kind, decodeURIComponent(id), res);
    if (req.method === 'PUT' && id !== undefined)
      return persistence.put(principal, kind, decodeURIComponent(id), req, res);
    throw new HttpError(405, { error: 'method_not_allowed' });
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, error.body, error.headers);
      sendJson(res, 500, { error: 'server_error' });
    });
  });

  return {
    url,
    issuer,
    resourceServers,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    rotateKeys: () => void ring.rotate(),
  };
}

function userinfo(principal: Principal, users: UserStore, res: ServerResponse): void {
  const user = users.bySubjectId(principal.subject);
  if (!user) throw new HttpError(401, { error: 'invalid_token' });
  sendJson(res, 200, {
    sub: user.subject,
    preferred_username: user.username,
    name: user.name,
    ...(user.email === undefined ? {} : { email: user.email }),
    ...(user.orgId === undefined ? {} : { org_id: user.orgId }),
    roles: user.roles,
  });
}
