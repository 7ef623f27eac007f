import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNats, waitFor, type NatsServer } from '@meshplane/testing';
import { connect } from '@nats-io/transport-node';
import { signInternalContext } from '@meshplane/auth';
import {
  CLUSTER_ENVIRONMENT_AUDIENCE,
  clusterEnvironmentRequest,
  FINGERPRINT_RULES_AUDIENCE,
  fingerprintRulesRequest,
} from '@meshplane/contracts';
import { startTestService, TEST_CONTEXT_SECRET, type TestService } from '@meshplane/service-testing';
import { MeshDetector } from '../detection/mesh-detector.js';
import { deployment, pod } from './fixtures/cluster-objects.fixture.js';
import { DETECTION_ENV, meshFingerprintsTestService } from './fixtures/mesh-fingerprints-test.service.js';
import * as installs from './fixtures/mesh-installs.fixture.js';
import { adminRows, seedInventory } from './fixtures/seed-inventory.js';

const orgA = randomUUID();
const orgB = randomUUID();
const admin = (orgId: string) => ({ orgId, userId: randomUUID(), roles: ['admin'] });
const viewer = (orgId: string) => ({ orgId, userId: randomUUID(), roles: ['viewer'] });

const MESHES = `query ($clusterId: ID!) {
  meshes(clusterId: $clusterId) {
    clusterId meshId name version versions proxyCount injectedNamespaces crdGroups ruleVersion detectedAt updatedAt
    controlPlane { component kind namespace name readyReplicas image version }
  }
}`;
const DETECT = `mutation ($clusterId: ID!) { detectMeshes(clusterId: $clusterId) { meshId name version proxyCount } }`;
const REGISTER = `mutation ($rule: JSONObject!) {
  registerMeshFingerprint(rule: $rule) { meshId name ruleVersion origin active registeredAt }
}`;
const FINGERPRINTS = `{ meshFingerprints { meshId name ruleVersion schemaVersion origin active registeredAt } }`;

type Mesh = { meshId: string; name: string; version: string | null; proxyCount: number };

/** A mesh no built-in rule knows, as an adapter would describe it. */
const exampleMeshRule = {
  schemaVersion: 1,
  ruleVersion: 1,
  mesh: { id: 'example-mesh', name: 'Example Mesh' },
  controlPlane: [
    { component: 'controller', kinds: ['Deployment'], image: '(^|/)example-mesh-controller(:|@|$)' },
  ],
  version: [{ from: 'image', pattern: ':v(?<version>\\d+\\.\\d+\\.\\d+)' }],
  dataPlane: { containers: [{ name: '^example-proxy$' }] },
};
const exampleMeshObjects = () => [
  deployment('example-system', 'example-mesh-controller', {
    containers: [{ name: 'controller', image: 'ghcr.io/example/example-mesh-controller:v0.4.2' }],
  }),
  pod('apps', 'api-0', {
    containers: [
      { name: 'api', image: 'ghcr.io/example/api:1' },
      { name: 'example-proxy', image: 'ghcr.io/example/example-proxy:v0.4.2' },
    ],
  }),
];

describe('mesh fingerprints in meshsync-ingest', () => {
  let nats: NatsServer;
  let svc: TestService;

  beforeAll(async () => {
    nats = await startTestNats();
    svc = await startTestService(meshFingerprintsTestService, {
      natsUrl: nats.url,
      label: 'fingerprints',
      env: DETECTION_ENV,
    });
  });

  afterAll(async () => {
    await svc?.close();
    await nats?.stop();
  });

  const meshesOf = async (clusterId: string, caller = viewer(orgA)) => {
    const result = await svc.graphql<{ meshes: Mesh[] }>(MESHES, { clusterId }, caller);
    expect(result.errors).toBeUndefined();
    return result.data?.meshes ?? [];
  };

  it('detects meshes now on request from the inventory: two meshes sharing one cluster', async () => {
    const clusterId = randomUUID();
    await seedInventory(svc.adminUrl, orgA, clusterId, [...installs.istio(), ...installs.linkerd()]);

    const detected = await svc.graphql(DETECT, { clusterId }, admin(orgA));

    expect(detected.errors).toBeUndefined();
    expect(detected.data).toEqual({
      detectMeshes: [
        { meshId: 'istio', name: 'Istio', version: '1.22.1', proxyCount: 3 },
        { meshId: 'linkerd', name: 'Linkerd', version: 'stable-2.14.10', proxyCount: 2 },
      ],
    });
    const [istio] = await meshesOf(clusterId);
    expect(istio).toMatchObject({
      clusterId,
      meshId: 'istio',
      versions: ['1.22.1'],
      injectedNamespaces: ['bookinfo'],
      crdGroups: ['networking.istio.io', 'security.istio.io'],
      ruleVersion: 1,
      controlPlane: [
        expect.objectContaining({ component: 'ingress-gateway', readyReplicas: 2 }),
        expect.objectContaining({
          component: 'istiod',
          image: 'docker.io/istio/pilot:1.22.1',
          version: '1.22.1',
        }),
      ],
    });
  });

  it("answers rpc.v1.discovery.environment for the asking organization's cluster only, with its detected meshes", async () => {
    const clusterId = randomUUID();
    await seedInventory(svc.adminUrl, orgA, clusterId, installs.istio());
    await adminRows(
      svc.adminUrl,
      `INSERT INTO meshsync_ingest.clusters (id, org_id, kube_system_uid, name, version, node_count, status, first_seen,
         last_seen) VALUES ($1::uuid, $2::uuid, $1::text, 'lab', 'v1.30.2', 3, 'connected', now(), now())`,
      [clusterId, orgA],
    );
    expect((await svc.graphql(DETECT, { clusterId }, admin(orgA))).errors).toBeUndefined();
    const bus = await connect({ servers: nats.url });
    const ask = async (body: unknown) =>
      (await bus.request(clusterEnvironmentRequest.subject, JSON.stringify(body), { timeout: 5_000 })).json();
    const context = (orgId: string, audience = CLUSTER_ENVIRONMENT_AUDIENCE) =>
      signInternalContext({ orgId, roles: [], requestId: randomUUID() }, TEST_CONTEXT_SECRET, {
        ttlMs: 30_000,
        audience,
        kind: 'service',
      });
    try {
      expect(await ask({ context: context(orgA), clusterId })).toEqual({
        ok: true,
        environment: {
          clusterId,
          name: 'lab',
          kubernetesVersion: 'v1.30.2',
          nodeCount: 3,
          meshes: [
            expect.objectContaining({ meshId: 'istio', name: 'Istio', version: '1.22.1', proxyCount: 3 }),
          ],
        },
      });
      // Another organization's context: as a cluster that does not exist. A context for another service: refused.
      expect(await ask({ context: context(orgB), clusterId })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect(await ask({ context: context(orgA, 'perf'), clusterId })).toMatchObject({
        ok: false,
        code: 'UNAUTHORIZED',
      });
      expect(await ask('not json at all')).toMatchObject({ ok: false, code: 'INVALID' });
    } finally {
      await bus.close();
    }
  });

  it("registers an organization's adapter's rules sent over rpc.v1.discovery.fingerprints, for that organization only", async () => {
    const bus = await connect({ servers: nats.url });
    const adapterId = randomUUID();
    const org = randomUUID();
    const other = randomUUID();
    const send = async (orgId: string, rules: unknown[]) =>
      (
        await bus.request(
          fingerprintRulesRequest.subject,
          JSON.stringify({
            context: signInternalContext({ orgId, roles: [], requestId: adapterId }, TEST_CONTEXT_SECRET, {
              ttlMs: 30_000,
              audience: FINGERPRINT_RULES_AUDIENCE,
              kind: 'service',
            }),
            adapterId,
            rules,
          }),
          { timeout: 5_000 },
        )
      ).json();
    try {
      const builtInIstio = { ...exampleMeshRule, mesh: { id: 'istio', name: 'Istio' } };
      const first = await send(org, [exampleMeshRule, builtInIstio, { schemaVersion: 1 }]);
      expect(first, JSON.stringify(first)).toMatchObject({
        ok: true,
        registered: 1,
        unchanged: 0,
        refused: [
          { index: 1, message: expect.stringMatching(/built-in istio/) },
          { index: 2, message: expect.any(String) },
        ],
      });
      // Sent again after the next health check: nothing changes.
      expect(await send(org, [exampleMeshRule])).toMatchObject({ ok: true, registered: 0, unchanged: 1 });
      const ownCluster = randomUUID();
      const otherCluster = randomUUID();
      await seedInventory(svc.adminUrl, org, ownCluster, exampleMeshObjects());
      await seedInventory(svc.adminUrl, other, otherCluster, exampleMeshObjects());
      const detected = await svc.graphql<{ detectMeshes: Mesh[] }>(
        DETECT,
        { clusterId: ownCluster },
        admin(org),
      );
      expect(detected.data?.detectMeshes).toEqual([
        { meshId: 'example-mesh', name: 'Example Mesh', version: '0.4.2', proxyCount: 1 },
      ]);
      const elsewhere = await svc.graphql<{ detectMeshes: Mesh[] }>(
        DETECT,
        { clusterId: otherCluster },
        admin(other),
      );
      expect(elsewhere.data?.detectMeshes).toEqual([]);
    } finally {
      await bus.close();
    }
  });

  it("registers an operator's adapter's rules for every organization, below each organization's own", async () => {
    const bus = await connect({ servers: nats.url });
    const adapterId = randomUUID();
    const platformRule = {
      ...exampleMeshRule,
      mesh: { id: 'platform-mesh', name: 'Platform Mesh' },
      controlPlane: [
        { component: 'controller', kinds: ['Deployment'], image: '(^|/)platform-mesh-controller(:|@|$)' },
      ],
      dataPlane: { containers: [{ name: '^platform-proxy$' }] },
    };
    const send = async (orgId: string | undefined, body: Record<string, unknown>) =>
      (
        await bus.request(
          fingerprintRulesRequest.subject,
          JSON.stringify({
            context: signInternalContext(
              { ...(orgId && { orgId }), roles: [], requestId: adapterId },
              TEST_CONTEXT_SECRET,
              { ttlMs: 30_000, audience: FINGERPRINT_RULES_AUDIENCE, kind: 'service' },
            ),
            adapterId,
            ...body,
          }),
          { timeout: 5_000 },
        )
      ).json();
    try {
      // An organization's adapter cannot speak for the platform; the operator's can.
      expect(await send(orgA, { rules: [platformRule], platform: true })).toMatchObject({
        ok: false,
        code: 'UNAUTHORIZED',
      });
      expect(await send(undefined, { rules: [platformRule] })).toMatchObject({
        ok: false,
        code: 'UNAUTHORIZED',
      });
      expect(await send(undefined, { rules: [platformRule], platform: true })).toMatchObject({
        ok: true,
        registered: 1,
      });
      expect(await send(undefined, { rules: [platformRule], platform: true })).toMatchObject({
        ok: true,
        unchanged: 1,
      });
      // Every organization lists it (PLATFORM) and evaluates it, those that never saw the adapter included.
      for (const org of [orgA, orgB, randomUUID()]) {
        const listed = await svc.graphql<{
          meshFingerprints: { meshId: string; origin: string; active: boolean }[];
        }>(FINGERPRINTS, {}, viewer(org));
        expect(listed.data?.meshFingerprints.find((rule) => rule.meshId === 'platform-mesh')).toMatchObject({
          origin: 'PLATFORM',
          active: true,
        });
      }
    } finally {
      await bus.close();
    }
  });

  it('detects on its own after inventory changes, within a few detection intervals', async () => {
    const clusterId = randomUUID();

    await seedInventory(svc.adminUrl, orgA, clusterId, installs.kuma());

    await waitFor(async () => (await meshesOf(clusterId)).some((mesh) => mesh.meshId === 'kuma'), {
      description: 'the periodic pass to detect Kuma',
      timeoutMs: 10_000,
    });
    const [state] = await adminRows<{ inventory_changed_at: Date | null }>(
      svc.adminUrl,
      'SELECT inventory_changed_at FROM meshsync_ingest.mesh_detection_state WHERE cluster_id = $1',
      [clusterId],
    );
    expect(state?.inventory_changed_at).toBeInstanceOf(Date);
  });

  it('does not detect a cluster again for a change already reflected (one replica pass after another)', async () => {
    const detector = svc.app.get(MeshDetector);
    const clusterId = randomUUID();
    await seedInventory(svc.adminUrl, orgA, clusterId, installs.cilium());
    // Passes may run while the seed is being written: wait until one has seen its last change.
    await waitFor(
      async () => {
        const [row] = await adminRows<{ caught_up: boolean }>(
          svc.adminUrl,
          `SELECT s.inventory_changed_at = (SELECT max(h.at) FROM meshsync_ingest.resource_history h WHERE h.cluster_id = $1) AS caught_up
             FROM meshsync_ingest.mesh_detection_state s WHERE s.cluster_id = $1`,
          [clusterId],
        );
        return row?.caught_up === true;
      },
      { description: 'a detection reflecting the last inventory change', timeoutMs: 10_000 },
    );
    const [before] = await adminRows<{ detected_at: Date }>(
      svc.adminUrl,
      'SELECT detected_at FROM meshsync_ingest.mesh_detection_state WHERE cluster_id = $1',
      [clusterId],
    );

    const summary = await detector.runPass();

    expect(summary.changed).toBeGreaterThan(0);

    const [after] = await adminRows<{ detected_at: Date }>(
      svc.adminUrl,
      'SELECT detected_at FROM meshsync_ingest.mesh_detection_state WHERE cluster_id = $1',
      [clusterId],
    );
    expect(after?.detected_at).toEqual(before?.detected_at);
  });

  it('applies a rule registered at runtime to the registering org only', async () => {
    const clusterA = randomUUID();
    const clusterB = randomUUID();
    await seedInventory(svc.adminUrl, orgA, clusterA, exampleMeshObjects());
    await seedInventory(svc.adminUrl, orgB, clusterB, exampleMeshObjects());

    const registered = await svc.graphql(REGISTER, { rule: exampleMeshRule }, admin(orgA));

    expect(registered.errors).toBeUndefined();
    expect(registered.data).toEqual({
      registerMeshFingerprint: {
        meshId: 'example-mesh',
        name: 'Example Mesh',
        ruleVersion: 1,
        origin: 'REGISTERED',
        active: true,
        registeredAt: expect.any(String),
      },
    });
    expect((await svc.graphql(DETECT, { clusterId: clusterA }, admin(orgA))).data).toEqual({
      detectMeshes: [{ meshId: 'example-mesh', name: 'Example Mesh', version: '0.4.2', proxyCount: 1 }],
    });
    expect((await svc.graphql(DETECT, { clusterId: clusterB }, admin(orgB))).data).toEqual({
      detectMeshes: [],
    });
    const listed = async (orgId: string) =>
      (
        (await svc.graphql<{ meshFingerprints: { meshId: string }[] }>(FINGERPRINTS, {}, viewer(orgId))).data
          ?.meshFingerprints ?? []
      ).map((rule) => rule.meshId);
    expect(await listed(orgA)).toContain('example-mesh');
    expect(await listed(orgB)).not.toContain('example-mesh');
    // The built-in rules (and the operator's platform rule an earlier test registered for everyone).
    expect((await listed(orgB)).filter((meshId) => meshId !== 'platform-mesh')).toHaveLength(10);
  });

  it('lets a registered rule with a higher ruleVersion override a built-in one for that org', async () => {
    const orgId = randomUUID();
    const clusterId = randomUUID();
    await seedInventory(svc.adminUrl, orgId, clusterId, installs.kuma());
    const kuma = {
      schemaVersion: 1,
      ruleVersion: 2,
      mesh: { id: 'kuma', name: 'Kong Mesh' },
      controlPlane: [{ component: 'control-plane', image: '(^|/)kuma-cp(:|@|$)' }],
    };

    expect((await svc.graphql(REGISTER, { rule: kuma }, admin(orgId))).errors).toBeUndefined();

    expect((await svc.graphql(DETECT, { clusterId }, admin(orgId))).data).toEqual({
      detectMeshes: [{ meshId: 'kuma', name: 'Kong Mesh', version: null, proxyCount: 0 }],
    });
    const { data } = await svc.graphql<{
      meshFingerprints: { meshId: string; origin: string; active: boolean }[];
    }>(FINGERPRINTS, {}, viewer(orgId));
    expect(data?.meshFingerprints.filter((rule) => rule.meshId === 'kuma')).toEqual([
      expect.objectContaining({ origin: 'BUILT_IN', active: false, ruleVersion: 1 }),
      expect.objectContaining({ origin: 'REGISTERED', active: true, ruleVersion: 2, name: 'Kong Mesh' }),
    ]);
  });

  it('refuses invalid rules naming the field, and rules that could never override the built-in one', async () => {
    const broken = await svc.graphql(
      REGISTER,
      { rule: { ...exampleMeshRule, controlPlane: [{ component: 'c', image: '(' }] } },
      admin(orgA),
    );
    const stale = await svc.graphql(
      REGISTER,
      { rule: { ...exampleMeshRule, mesh: { id: 'istio', name: 'Istio' } } },
      admin(orgA),
    );

    expect(broken.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'rule.controlPlane[0].image',
    });
    // A backreference needs a backtracking engine: refused by the linear-time one, naming the field.
    const backtracking = await svc.graphql(
      REGISTER,
      { rule: { ...exampleMeshRule, dataPlane: { containers: [{ image: '(a+)\\1' }] } } },
      admin(orgA),
    );
    expect(backtracking.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/backreferences and lookaround are not supported/),
      extensions: { code: 'BAD_USER_INPUT', field: 'rule.dataPlane.containers[0].image' },
    });
    expect(stale.errors?.[0]).toMatchObject({
      message: expect.stringContaining("must be higher than the built-in istio rule's 1"),
      extensions: { code: 'BAD_USER_INPUT', field: 'rule.ruleVersion' },
    });
  });

  it("keeps each org's detections to itself", async () => {
    const clusterId = randomUUID();
    await seedInventory(svc.adminUrl, orgA, clusterId, installs.consul());
    await svc.graphql(DETECT, { clusterId }, admin(orgA));

    expect(await meshesOf(clusterId, viewer(orgB))).toEqual([]);
    expect((await svc.graphql(DETECT, { clusterId }, admin(orgB))).data).toEqual({ detectMeshes: [] });
    expect((await meshesOf(clusterId, viewer(orgA))).map((mesh) => mesh.meshId)).toEqual(['consul']);
    const rows = await adminRows<{ org_id: string }>(
      svc.adminUrl,
      'SELECT org_id FROM meshsync_ingest.cluster_meshes WHERE cluster_id = $1',
      [clusterId],
    );
    expect(rows).toEqual([{ org_id: orgA }]);
  });

  it('checks permissions in every resolver', async () => {
    const clusterId = randomUUID();

    const register = await svc.graphql(REGISTER, { rule: exampleMeshRule }, viewer(orgA));
    const detect = await svc.graphql(DETECT, { clusterId }, viewer(orgA));
    const read = await svc.graphql(MESHES, { clusterId }, { userId: randomUUID(), roles: [] });
    const badId = await svc.graphql(MESHES, { clusterId: 'not-a-uuid' }, viewer(orgA));

    expect(register.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(detect.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(read.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterId' });
  });
});
