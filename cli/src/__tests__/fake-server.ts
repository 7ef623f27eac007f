import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertContext, upsertUser, writeConfig, readConfig } from '../config/config-file.js';
import type { CliRuntime } from '../runtime.js';
import { fakeTerminal } from './fake-terminal.js';
import type { Terminal } from '../output/terminal.js';

/** An operation's answer: its `data`, or GraphQL `errors`. */
export type Answer =
  | { data: unknown }
  | { errors: { message: string; extensions?: Record<string, unknown> }[] };
export type Handler = (variables: Record<string, unknown>) => Answer | Promise<Answer>;

export interface FakeServer {
  /** The GraphQL endpoint, on 127.0.0.1. */
  url: string;
  /** Every operation received, in order. */
  calls: { operationName: string; variables: Record<string, unknown> }[];
  stop(): Promise<void>;
}

/**
 * A Meshplane server as far as the CLI can tell, on loopback: answers each GraphQL operation by name, and hands any
 * other path to `other` (a provider's authorization endpoint, say).
 */
export async function startFakeServer(
  handlers: Record<string, Handler>,
  other?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FakeServer> {
  const calls: FakeServer['calls'] = [];
  const server: Server = createServer((req, res) => {
    if (req.url !== '/graphql') {
      if (other) other(req, res);
      else res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        operationName: string;
        query?: string;
        variables?: Record<string, unknown>;
      };
      const variables = body.variables ?? {};
      calls.push({ operationName: body.operationName, variables });
      const handler = handlers[body.operationName];
      const refused = pageSizeRefusal(body.query ?? '', variables);
      void Promise.resolve(
        refused ??
          (handler ? handler(variables) : { errors: [{ message: `no fake for ${body.operationName}` }] }),
      ).then((answer) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A connection-shaped answer for `field`: at most `pageSize` items per page (fewer if the request's `first` says so),
 * the cursor being the index of the next item.
 */
export function pagedAnswer(
  field: string,
  items: readonly unknown[],
  variables: Record<string, unknown>,
  pageSize = 2,
): Answer {
  const from = Number(variables['after'] ?? 0);
  const to = Math.min(from + Math.min(Number(variables['first']), pageSize), items.length);
  return {
    data: {
      [field]: {
        totalCount: items.length,
        pageInfo: { hasNextPage: to < items.length, endCursor: String(to) },
        edges: items.slice(from, to).map((node) => ({ node })),
      },
    },
  };
}

/** A scratch folder for config files. */
export async function scratchDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'meshplane-cli-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A runtime over a fake terminal whose config file is `configPath`. */
export function testRuntime(configPath: string, terminal: Partial<Terminal> & { stdin?: string } = {}) {
  const { terminal: fake, written } = fakeTerminal(terminal);
  const runtime: CliRuntime = { terminal: fake, env: { configPath, noColor: true, display: false } };
  return { runtime, written };
}

/** A config file signed in to `server` (tokens that do not expire soon). */
export async function signedInConfig(configPath: string, server: string): Promise<void> {
  const config = upsertContext(
    upsertUser(await readConfig(configPath), {
      name: 'ada@test',
      server,
      provider: 'local',
      accessToken: 'access',
      refreshToken: 'refresh',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    }),
    { name: 'test', user: 'ada@test' },
  );
  await writeConfig(configPath, { ...config, currentContext: 'test' });
}

/** The real server's page-size rule (1 to 100, any `first`, literal or variable): a fake that ignored it hid a bug. */
function pageSizeRefusal(query: string, variables: Record<string, unknown>): Answer | undefined {
  const literals = [...query.matchAll(/\bfirst:\s*(\d+)/g)].map((m) => Number(m[1]));
  const sizes = [...literals, ...(typeof variables['first'] === 'number' ? [variables['first']] : [])];
  if (sizes.every((n) => n >= 1 && n <= 100)) return undefined;
  return {
    errors: [{ message: 'first: must be between 1 and 100', extensions: { code: 'BAD_USER_INPUT' } }],
  };
}
