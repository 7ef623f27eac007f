import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { ClientMetadata, default as Provider } from 'oidc-provider';

/** Claims of an account at the test provider (the subject is the account id). */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestIdp {
  issuer: string;
  accounts: Map<string, TestAccount>;
  /** The account the next login interaction signs in. */
  signInAs: string;
  /**
   * Re-signs (with the provider's current key) the ID token of the next token responses: a provider gone wrong,
   * or a token meant for someone else, with a valid signature.
   */
  rewriteIdToken: ((claims: JWTPayload) => JWTPayload) | undefined;
  /** The key id of the last ID token the provider issued. */
  lastKid: string | undefined;
  /** A new signing key; the old one stays published (as a provider rotating would), no restart of anything. */
  rotateKeys(): Promise<void>;
  stop(): Promise<void>;
}

interface SigningKey {
  jwk: JWK;
}

const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name'],
  groups: ['groups'],
};

/**
 * The certified `oidc-provider` package as the identity provider of the tests, on loopback: login and consent are
 * answered without pages (the account in `signInAs` logs in, every requested scope is granted).
 */
export async function startTestIdp(clients: ClientMetadata[]): Promise<TestIdp> {
  // Loaded here, not with this library: most tests that use it start no provider.
  const { default: OidcProvider } = await import('oidc-provider');
  let keys: SigningKey[] = [await newKey()];
  let provider: Provider | undefined;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const idp: TestIdp = {
    issuer,
    accounts: new Map(),
    signInAs: '',
    rewriteIdToken: undefined,
    lastKid: undefined,
    async rotateKeys() {
      keys = [await newKey(), ...keys];
      provider = build();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const build = () =>
    new OidcProvider(issuer, {
      clients,
      jwks: { keys: keys.map((key) => key.jwk) as never },
      findAccount: (_ctx, id) => {
        const account = idp.accounts.get(id);
        return account && { accountId: id, claims: () => ({ sub: id, ...account }) };
      },
      claims: SCOPE_CLAIMS,
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      pkce: { required: () => true },
      cookies: { keys: ['test-only-cookie-key-0123456789'] },
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        Grant: 3600,
        IdToken: 600,
        Interaction: 600,
        Session: 3600,
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    });
  provider = build();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const current = provider as Provider;
    if (req.url?.startsWith('/interaction/')) return interact(current, req, res);
    if (req.method === 'POST' && req.url === '/token') await interceptToken(res);
    await current.callback()(req, res);
  }

  async function interact(current: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await current.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await current.interactionFinished(req, res, { login: { accountId: idp.signInAs } });
      return;
    }
    const accountId = details.session?.accountId ?? idp.signInAs;
    const grant = details.grantId
      ? ((await current.Grant.find(details.grantId)) ?? new current.Grant({ accountId }))
      : new current.Grant({ accountId, clientId: String(details.params['client_id']) });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await current.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** Koa ends a JSON response with one res.end(body): read (and maybe re-sign) the ID token there. */
  async function interceptToken(res: ServerResponse): Promise<void> {
    const signing = keys[0] as SigningKey;
    const privateKey = await importJWK(signing.jwk, 'RS256');
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    res.end = ((chunk?: unknown) => {
      if (chunk === undefined || res.statusCode !== 200) return end(chunk);
      const body = JSON.parse(String(chunk)) as { id_token?: string };
      if (body.id_token === undefined) return end(chunk);
      idp.lastKid = decodeProtectedHeader(body.id_token).kid;
      const rewrite = idp.rewriteIdToken;
      if (rewrite === undefined) return end(chunk);
      void new SignJWT(rewrite(decodeJwt(body.id_token)))
        .setProtectedHeader({ alg: 'RS256', kid: signing.jwk.kid ?? '' })
        .sign(privateKey)
        .then((idToken) => {
          const rewritten = JSON.stringify({ ...body, id_token: idToken });
          res.setHeader('content-length', Buffer.byteLength(rewritten));
          end(rewritten);
        });
      return res;
    }) as ServerResponse['end'];
  }

  return idp;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { jwk: { ...jwk, kid: `key-${Math.random().toString(36).slice(2, 10)}`, alg: 'RS256', use: 'sig' } };
}

/**
 * What a browser does from an authorization URL until the provider redirects to `redirectUri`: follows the
 * redirects with the provider's cookies, and returns the callback URL (code, state, iss) without loading it.
 */
export async function browseToCallback(authorizationUrl: string, redirectUri: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop += 1) {
    if (url.href.startsWith(redirectUri)) return url;
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`the provider answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
}
