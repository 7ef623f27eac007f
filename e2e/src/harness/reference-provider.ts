import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReferenceProvider {
  url: string;
  /** A provider access token for a demo user, obtained as any OAuth client would (code + PKCE). */
  accessToken(username: string, password: string, scope?: string): Promise<string>;
  /** What a browser does on the provider's login page for `authorizationUrl`: returns the redirect. */
  signIn(authorizationUrl: string, username: string, password: string): Promise<URL>;
  stop(): Promise<void>;
}

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const LISTENING = /listening on (http:\/\/\S+)/;
const CLIENT_ID = 'meshplane';

/** The reference remote provider (examples/remote-provider), run from its build as an integrator would run theirs. */
export async function startReferenceProvider(redirectUri: string): Promise<ReferenceProvider> {
  const child = spawn(process.execPath, [resolve(repoRoot, 'examples/remote-provider/dist/main.js')], {
    env: {
      PORT: '0',
      REDIRECT_URIS: redirectUri,
      INTROSPECTION_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`reference provider exited (${code}): ${output}`)));
    setTimeout(() => reject(new Error(`reference provider did not start: ${output}`)), 15_000).unref();
  });
  const signIn = async (authorizationUrl: string, username: string, password: string) => {
    const params = new URL(authorizationUrl).searchParams;
    params.set('username', username);
    params.set('password', password);
    const response = await fetch(`${url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`provider login answered ${response.status}`);
    return new URL(location);
  };
  return {
    url,
    signIn,
    accessToken: async (username, password, scope = 'profile') => {
      const verifier = randomBytes(32).toString('base64url');
      const authorize = new URL(`${url}/oauth/authorize`);
      for (const [key, value] of Object.entries({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: redirectUri,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        scope,
        state: 'e2e',
      }))
        authorize.searchParams.set(key, value);
      const code = (await signIn(authorize.toString(), username, password)).searchParams.get('code') ?? '';
      const response = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          client_id: CLIENT_ID,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }).toString(),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    },
    stop: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
