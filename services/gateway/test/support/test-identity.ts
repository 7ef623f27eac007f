import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createKeyRing,
  INTERNAL_CONTEXT_HEADER,
  issueAccessToken,
  verifyInternalContext,
  type AccessTokenInput,
  type KeyRing,
} from '@meshplane/auth';
import {
  INTERNAL_ENDPOINTS_AUDIENCE,
  INTERNAL_PATHS,
  type ResolvePrincipalRequest,
} from '@meshplane/contracts';

export const TEST_CONTEXT_SECRET = 'gateway-test-context-secret-0123456789abcdef';
export const LOCAL_ISSUER = 'meshplane-local';
export const AUDIENCE = 'meshplane';

export interface Member {
  userId: string;
  orgId: string;
  roles: string[];
  platformOperator?: true;
}

/**
 * What the gateway needs of providers, over real HTTP with real keys: the local provider's JWKS and the
 * internal principal-resolution endpoints (which refuse callers without the gateway's signed context).
 * Memberships, revocations and API tokens are whatever the test puts in.
 */
export interface TestIdentity {
  url: string;
  ring: KeyRing;
  members: Map<string, Member>;
  revoked: Set<string>;
  apiTokens: Map<string, Member>;
  resolveCalls: ResolvePrincipalRequest[];
  issue(subject: string, input?: Partial<AccessTokenInput>): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIdentity(): Promise<TestIdentity> {
  const ring = createKeyRing({ rotationMs: 3_600_000, retainMs: 7_200_000 });
  const members = new Map<string, Member>();
  const revoked = new Set<string>();
  const apiTokens = new Map<string, Member>();
  const resolveCalls: ResolvePrincipalRequest[] = [];
  const answer = (member: Member) => ({
    ...member,
    cacheUntil: new Date(Date.now() + 60_000).toISOString(),
  });
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === INTERNAL_PATHS.jwks) {
      send(200, ring.jwks());
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', (): void => {
      try {
        // As providers does: only the gateway calling as a service, for providers.
        verifyInternalContext(
          req.headers[INTERNAL_CONTEXT_HEADER] as string | undefined,
          TEST_CONTEXT_SECRET,
          {
            audience: INTERNAL_ENDPOINTS_AUDIENCE,
            kind: 'service',
          },
        );
      } catch {
        return send(401, { code: 'TOKEN_UNKNOWN', message: 'unsigned caller' });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
      if (req.url === INTERNAL_PATHS.resolvePrincipal) {
        const request = body as unknown as ResolvePrincipalRequest;
        resolveCalls.push(request);
        if (revoked.has(request.tokenId))
          return send(401, { code: 'TOKEN_REVOKED', message: 'The token has been revoked.' });
        const member = members.get(request.subject);
        if (!member) return send(401, { code: 'TOKEN_UNKNOWN', message: 'The token is invalid.' });
        if (request.orgId !== undefined && request.orgId !== member.orgId) {
          return send(403, { code: 'NOT_A_MEMBER', message: 'You are not a member of that organization.' });
        }
        return send(200, answer(member));
      }
      if (req.url === INTERNAL_PATHS.verifyApiToken) {
        const member = apiTokens.get(body['token'] ?? '');
        return member
          ? send(200, answer(member))
          : send(401, { code: 'TOKEN_UNKNOWN', message: 'The token is invalid.' });
      }
      return send(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    ring,
    members,
    revoked,
    apiTokens,
    resolveCalls,
    issue: (subject, input = {}) =>
      issueAccessToken(ring, {
        issuer: LOCAL_ISSUER,
        audience: AUDIENCE,
        subject,
        roles: [],
        ttlSeconds: 300,
        tokenId: randomUUID(),
        ...input,
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
