import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { guardLoopbackOnly, startOtlpReceiver, type OtlpReceiver, type TestIdp } from '@meshplane/testing';
import { startReferenceProvider, type ReferenceProvider } from './harness/reference-provider.js';
import {
  loopbackOnlyNodeOptions,
  startSystemUnderTest,
  type SystemUnderTest,
} from './harness/system-under-test.js';
import { oidcEnv, oidcScenarios, startOidcIdp } from './oidc-scenarios.js';
import { platformOperatorScenarios, REDIRECT_URI, remoteProviderEnv } from './platform-operator-scenarios.js';
import { tracingScenarios } from './tracing-scenarios.js';

/**
 * A hosted deployment's configuration on one system, started as `npm start` does: a remote provider and an OpenID
 * Provider next to the local one, the local bootstrap admin as platform operator (PLATFORM_OPERATORS unset), tracing
 * on in every process, and every process behind the loopback guard. Three groups of scenarios share it (each system
 * start costs ~50 s of CPU on 2 cores); they use their own organizations and users and look only at what they
 * caused (the tracing scenario follows its own message's trace). system.e2e-spec.ts runs the other configuration (a
 * remote user as platform operator, a cluster).
 */
const refused: string[] = [];
let restore: (() => void) | undefined;
let provider: ReferenceProvider;
let idp: TestIdp;
let receiver: OtlpReceiver;
let system: SystemUnderTest;
const adminPassword = `e2e-admin-${randomUUID()}`;

beforeAll(async () => {
  restore = guardLoopbackOnly((host) => refused.push(host));
  [provider, idp, receiver] = await Promise.all([
    startReferenceProvider(REDIRECT_URI),
    startOidcIdp(),
    startOtlpReceiver(),
  ]);
  system = await startSystemUnderTest({
    ...remoteProviderEnv(provider),
    ...oidcEnv(idp),
    ...receiver.tracingEnv(),
    NODE_OPTIONS: loopbackOnlyNodeOptions(),
    LOCAL_ADMIN_PASSWORD: adminPassword,
    AUTH_CACHE_MAX_AGE_MS: '0',
  });
});

afterAll(async () => {
  try {
    if (system) expect((await system.stop()).code).toBe(0);
  } finally {
    await Promise.all([provider?.stop(), idp?.stop(), receiver?.close()]);
    restore?.();
  }
});

const hosted = () => ({ system, provider, idp, receiver, refused, adminPassword });

tracingScenarios(hosted);
platformOperatorScenarios(hosted);
// Last: it stops the OpenID Provider.
oidcScenarios(hosted);
