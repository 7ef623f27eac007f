import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError, ExitCode } from '../exit-codes.js';

/** What an identity provider sends back to the redirect URI. */
export interface AuthorizationResponse {
  code: string;
  state: string;
  /** The issuer, when the provider says who answered (RFC 9207). */
  iss?: string;
}

/**
 * The loopback redirect of a native client (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 that takes exactly one
 * authorization response and then closes, so nothing else on this machine can answer on its port meanwhile and
 * nothing is left listening afterwards.
 */
export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port><path>`: pass it as the redirect URI. */
  readonly redirectUri: string;
  /**
   * The first request on the path, checked against the state of this sign-in; rejects when the provider refused,
   * the state is another sign-in's, or nothing came within the timeout. The listener closes in every case; closed
   * before (another way of answering won), it never settles.
   */
  receive(expectedState: string, timeoutMs: number): Promise<AuthorizationResponse>;
  close(): Promise<void>;
}

const PAGE_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

/** Listens on 127.0.0.1 (port 0: one the system picks). Fails like `listen` does, e.g. EADDRINUSE on a fixed port. */
export async function listenForRedirect(
  options: { port?: number; path?: string } = {},
): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  let answer: ((req: IncomingMessage, res: ServerResponse, url: URL) => void) | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Other paths (a favicon) and requests before the sign-in has begun are not the answer: they use nothing up.
    if (req.method !== 'GET' || url.pathname !== path || answer === undefined) {
      res.writeHead(404, PAGE_HEADERS).end('Not found\n');
      return;
    }
    const handle = answer;
    answer = undefined;
    handle(req, res, url);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const close = () => {
    clearTimeout(timer);
    answer = undefined;
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    return closed;
  };

  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    close,
    receive: (expectedState, timeoutMs) =>
      new Promise<AuthorizationResponse>((resolve, reject) => {
        timer = setTimeout(() => {
          void close();
          reject(
            new CliError(
              `no answer from the browser within ${Math.ceil(timeoutMs / 1000)} s`,
              ExitCode.AUTH,
              'run `meshplane login` again (with --timeout to wait longer), or with --no-browser to paste the address',
            ),
          );
        }, timeoutMs);
        timer.unref();
        answer = (_req, res, url) => {
          clearTimeout(timer);
          const outcome = authorizationResponse(url, expectedState);
          res
            .writeHead(outcome instanceof CliError ? 400 : 200, { ...PAGE_HEADERS, connection: 'close' })
            .end(
              outcome instanceof CliError
                ? `Sign-in failed: ${outcome.message}. Return to the terminal.\n`
                : 'Signed in: you can close this tab and return to the terminal.\n',
            );
          void close();
          if (outcome instanceof CliError) reject(outcome);
          else resolve(outcome);
        };
      }),
  };
}

/** The code, state and issuer of a redirect URL, or why it cannot be used for this sign-in. */
export function authorizationResponse(url: URL, expectedState: string): AuthorizationResponse | CliError {
  const params = url.searchParams;
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    return new CliError(
      `the provider refused the sign-in: ${error}${description ? ` (${description})` : ''}`,
      ExitCode.AUTH,
      'start again with `meshplane login`',
    );
  }
  const state = params.get('state');
  if (state !== expectedState) {
    return new CliError(
      state ? 'the answer belongs to another sign-in (its state differs)' : 'the answer carries no state',
      ExitCode.AUTH,
      'start again with `meshplane login`',
    );
  }
  const code = params.get('code');
  if (!code) {
    return new CliError(
      'the answer carries no code',
      ExitCode.USAGE,
      'paste the whole address the browser ended on',
    );
  }
  const iss = params.get('iss');
  return { code, state, ...(iss ? { iss } : {}) };
}

/**
 * What the user pasted: the whole address the browser ended on (checked like a redirect), or just its code (then
 * the state is this sign-in's by construction).
 */
export function pastedResponse(answer: string, expectedState: string): AuthorizationResponse {
  const text = answer.trim();
  if (!text)
    throw new CliError('no code was given', ExitCode.USAGE, 'paste the address the browser ended on');
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    return { code: text, state: expectedState };
  }
  const outcome = authorizationResponse(url, expectedState);
  if (outcome instanceof CliError) throw outcome;
  return outcome;
}
