import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INTERNAL_CONTEXT_HEADER, signInternalContext, type InternalContext } from '@meshplane/auth';
import { createServiceIdentity, type Clock, type ServiceIdentity } from '@meshplane/runtime';
import {
  BackendServiceModule,
  configureBackendApp,
  loadBackendConfig,
  migrateService,
  provisionService,
  type BackendServiceDefinition,
} from '@meshplane/service-kit';
import { freshDatabase, freshRoleName } from '@meshplane/testing';

/** The internal context secret test services verify and `callerHeaders` signs with. */
export const TEST_CONTEXT_SECRET = 'test-internal-context-secret-0123456789abcdef';

export type TestCaller = Partial<Omit<InternalContext, 'requestId'>> & { requestId?: string };

/** Headers the gateway would send to the subgraph `audience` (its service name) for `caller` (anonymous when empty). */
export function callerHeaders(audience: string, caller: TestCaller = {}): Record<string, string> {
  const context: InternalContext = {
    requestId: caller.requestId ?? 'test-request',
    roles: caller.roles ?? [],
    ...(caller.orgId === undefined ? {} : { orgId: caller.orgId }),
    ...(caller.userId === undefined ? {} : { userId: caller.userId }),
    ...(caller.provider === undefined ? {} : { provider: caller.provider }),
    ...(caller.credential === undefined ? {} : { credential: caller.credential }),
    ...(caller.credentialId === undefined ? {} : { credentialId: caller.credentialId }),
    ...(caller.clientAddress === undefined ? {} : { clientAddress: caller.clientAddress }),
    ...(caller.platformOperator === true ? { platformOperator: true } : {}),
  };
  return {
    [INTERNAL_CONTEXT_HEADER]: signInternalContext(context, TEST_CONTEXT_SECRET, { ttlMs: 60_000, audience }),
  };
}

/** Headers of the gateway calling the internal endpoints of `audience` as a service (not for a user). */
export function serviceHeaders(audience: string): Record<string, string> {
  return {
    [INTERNAL_CONTEXT_HEADER]: signInternalContext(
      { requestId: 'test-request', roles: [] },
      TEST_CONTEXT_SECRET,
      {
        ttlMs: 60_000,
        audience,
        kind: 'service',
      },
    ),
  };
}

export interface GraphqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
}

export interface TestService {
  app: INestApplication;
  identity: ServiceIdentity;
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** The database as a superuser (to inspect or tamper with rows behind the service's back). */
  adminUrl: string;
  /** What the service connects as (its application role). */
  appUrl: string;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    caller?: TestCaller,
  ): Promise<GraphqlResult<T>>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  natsUrl: string;
  label?: string;
  /**
   * The service's variables on top of the test defaults (database, NATS, context secret): validated exactly as
   * at a real start, then handed to the features. Nothing is read from or written to the process environment.
   */
  env?: Record<string, string>;
  /** Business time for every feature of the service (e.g. a ManualClock); the system clock by default. */
  clock?: Clock;
}

/**
 * Boots a backend service the way production does, on a fresh database: owner and application roles,
 * migrations as the owner, the service connected as the application role (so forced row-level security
 * binds it and the start-up isolation check runs), listening on a free port with context verification on.
 */
export async function startTestService(
  definition: BackendServiceDefinition,
  options: TestServiceOptions,
): Promise<TestService> {
  const label = options.label ?? definition.name;
  const adminUrl = await freshDatabase(label);
  // Roles are server-wide: a prefix of its own keeps parallel test files from resetting each other's passwords.
  const prefix = freshRoleName('r').slice(0, 24);
  const { ownerUrl, appUrl } = await provisionService(definition.name, adminUrl, TEST_CONTEXT_SECRET, prefix);
  const { pending } = await migrateService(definition, ownerUrl);
  if (pending.length > 0)
    throw new Error(`${definition.name}: a migration is missing:\n${pending.join('\n')}`);
  const serviceEnv: Record<string, string> = {
    DATABASE_URL: appUrl,
    NATS_URL: options.natsUrl,
    LOG_LEVEL: 'silent',
    INTERNAL_CONTEXT_SECRET: TEST_CONTEXT_SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
    ...options.env,
  };
  const config = loadBackendConfig(definition, serviceEnv);
  const identity = createServiceIdentity(definition.name, definition.version);
  const root = BackendServiceModule.forRoot(definition, config, identity, {
    ...(options.clock && { clock: options.clock }),
  });
  const app = await NestFactory.create(root, { logger: false, abortOnError: false });
  configureBackendApp(app, config);
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}/graphql`;
  return {
    app,
    identity,
    url,
    adminUrl,
    appUrl,
    graphql: async (query, variables = {}, caller = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...callerHeaders(definition.name, caller) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    close: () => app.close(),
  };
}
