import { defineBackendService } from '@meshplane/service-kit';
import { decodeJwt } from 'jose';
import { INTERNAL_PATHS } from '@meshplane/contracts';
import { serviceHeaders, type TestService } from '@meshplane/service-testing';
import { identityFeature } from '../../identity.feature.js';
import { TEST_KEY_SECRET } from './test-config.js';

export const ADMIN_EMAIL = 'admin@meshplane.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';

/** The providers service as production composes it, reduced to identity (and the tenancy it requires). */
export const identityTestService = defineBackendService({
  name: 'providers',
  version: '0.0.0',
  defaultPort: 0,
  features: [identityFeature],
});

/** The identity variables a test service runs with: `env` over the defaults; an empty value unsets a default. */
export function identityTestEnv(env: Record<string, string> = {}): Record<string, string> {
  const identityEnv: Record<string, string> = {
    PROVIDERS_KEY_SECRET: TEST_KEY_SECRET,
    LOCAL_ADMIN_EMAIL: ADMIN_EMAIL,
    LOCAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...env,
  };
  // An empty value unsets a default (e.g. LOCAL_ADMIN_PASSWORD, to have one generated).
  for (const [name, value] of Object.entries(identityEnv)) {
    if (value === '') delete identityEnv[name];
  }
  return identityEnv;
}

export interface TokenPairResult {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  organizationId: string | null;
}

const PAIR = 'accessToken refreshToken expiresAt organizationId';

export async function loginAsAdmin(svc: TestService): Promise<TokenPairResult> {
  const result = await svc.graphql<{ login: TokenPairResult }>(
    `mutation($email: String!, $password: String!) { login(provider: "local", email: $email, password: $password) { ${PAIR} } }`,
    { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  );
  if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return result.data.login;
}

export { PAIR };

/** Base URL of the service (the GraphQL endpoint's origin). */
export function origin(svc: TestService): string {
  return new URL(svc.url).origin;
}

/** Asks providers, as the gateway does for each request, who carries this (local) access token. */
export function resolvePrincipal(svc: TestService, accessToken: string): Promise<Response> {
  const claims = decodeJwt(accessToken);
  return fetch(`${origin(svc)}${INTERNAL_PATHS.resolvePrincipal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...serviceHeaders('providers') },
    body: JSON.stringify({
      provider: 'local',
      subject: claims.sub,
      tokenId: claims.jti,
      expiresAt: new Date((claims.exp ?? 0) * 1000).toISOString(),
    }),
  });
}
