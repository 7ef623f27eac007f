import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signInternalContext } from '@meshplane/auth';
import { CLUSTER_ENVIRONMENT_AUDIENCE } from '@meshplane/contracts';
import {
  answerClusterEnvironment,
  type EnvironmentSource,
} from '../environment/cluster-environment.answer.js';

const SECRET = 'a'.repeat(40);
const ORG_A = randomUUID();
const ORG_B = randomUUID();
const CLUSTER = randomUUID();

const source: EnvironmentSource = {
  cluster: async (orgId, clusterId) =>
    orgId === ORG_A && clusterId === CLUSTER
      ? { id: CLUSTER, name: 'lab', version: 'v1.30.2', nodeCount: 3 }
      : null,
  meshes: async () => [
    { meshId: 'istio', name: 'Istio', version: '1.23.0', proxyCount: 2, injectedNamespaces: ['shop'] },
  ],
};

const context = (orgId: string | undefined, options: { audience?: string; kind?: 'user' | 'service' } = {}) =>
  signInternalContext({ ...(orgId && { orgId }), roles: [], requestId: randomUUID() }, SECRET, {
    ttlMs: 30_000,
    audience: options.audience ?? CLUSTER_ENVIRONMENT_AUDIENCE,
    kind: options.kind ?? 'service',
  });

describe('answerClusterEnvironment', () => {
  it("describes the organization's own cluster with its detected meshes", async () => {
    expect(
      await answerClusterEnvironment({ context: context(ORG_A), clusterId: CLUSTER }, [SECRET], source),
    ).toEqual({
      ok: true,
      environment: {
        clusterId: CLUSTER,
        name: 'lab',
        kubernetesVersion: 'v1.30.2',
        nodeCount: 3,
        meshes: [
          { meshId: 'istio', name: 'Istio', version: '1.23.0', proxyCount: 2, injectedNamespaces: ['shop'] },
        ],
      },
    });
  });

  it("answers another organization's cluster as one that does not exist", async () => {
    expect(
      await answerClusterEnvironment({ context: context(ORG_B), clusterId: CLUSTER }, [SECRET], source),
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('refuses a missing, forged, user-kind, other-audience or org-less context, and a malformed request', async () => {
    for (const ctx of [
      context(ORG_A, { audience: 'perf' }),
      context(ORG_A, { kind: 'user' }),
      signInternalContext({ orgId: ORG_A, roles: [], requestId: 'r' }, 'b'.repeat(40), {
        ttlMs: 30_000,
        audience: CLUSTER_ENVIRONMENT_AUDIENCE,
        kind: 'service',
      }),
      context(undefined),
    ]) {
      expect(
        await answerClusterEnvironment({ context: ctx, clusterId: CLUSTER }, [SECRET], source),
      ).toMatchObject({
        ok: false,
        code: 'UNAUTHORIZED',
      });
    }
    expect(
      await answerClusterEnvironment({ context: context(ORG_A), clusterId: 'not-a-uuid' }, [SECRET], source),
    ).toMatchObject({ ok: false, code: 'INVALID', message: expect.stringMatching(/^clusterId:/) });
    expect(await answerClusterEnvironment(undefined, [SECRET], source)).toMatchObject({
      ok: false,
      code: 'INVALID',
    });
  });
});
