import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPkcePair } from '../../remote/pkce.js';

export interface ReferenceProvider {
  url: string;
  stop(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections are still accepted by the kernel, nothing is answered until it continues. */
  freeze(): void;
  thaw(): void;
}

/*
 * The reference provider lives in examples/ (type:example), which feature libraries may not import, so it runs as
 * the operator would run it: its built entry point in a child process (build it first:
 * `npx tsc -b examples/remote-provider/tsconfig.lib.json`).
 */
const MAIN = fileURLToPath(
  new URL('../../../../../../examples/remote-provider/dist/main.js', import.meta.url),
);
const LISTENING = /listening on (http:\/\/\S+)/;

export async function startReferenceProvider(redirectUri: string): Promise<ReferenceProvider> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: '',
      PORT: '0',
      REDIRECT_URIS: redirectUri,
      INTROSPECTION_CLIENT_SECRET: 'reference-introspection-secret-0123',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`reference provider exited (${code}): ${output}`)));
    setTimeout(() => reject(new Error(`reference provider did not start: ${output}`)), 15_000).unref();
  });
  return {
    url,
    stop: () => stop(child),
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** What a browser does on the provider's login page: submit the credentials, follow nothing, read the redirect. */
export async function signInAtProvider(
  providerUrl: string,
  authorizationUrl: string,
  username: string,
  password: string,
): Promise<URL> {
  const params = new URL(authorizationUrl).searchParams;
  params.set('username', username);
  params.set('password', password);
  const response = await fetch(`${providerUrl}/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`provider login answered ${response.status}`);
  return new URL(location);
}

/** A provider access token obtained the way any client of the provider would (code + PKCE, no Meshplane). */
export async function providerAccessToken(
  providerUrl: string,
  redirectUri: string,
  username: string,
  password: string,
  scope?: string,
): Promise<string> {
  const pkce = createPkcePair();
  const authorize = new URL(`${providerUrl}/oauth/authorize`);
  const query = {
    response_type: 'code',
    client_id: 'meshplane',
    redirect_uri: redirectUri,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...(scope === undefined ? {} : { scope }),
    state: 'direct',
  };
  for (const [key, value] of Object.entries(query)) authorize.searchParams.set(key, value);
  const code =
    (await signInAtProvider(providerUrl, authorize.toString(), username, password)).searchParams.get(
      'code',
    ) ?? '';
  const response = await fetch(`${providerUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: 'meshplane',
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    }).toString(),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
