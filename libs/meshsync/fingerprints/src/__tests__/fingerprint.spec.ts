import { describe, expect, it } from 'vitest';
import type { ClusterObject } from '../engine/cluster-object.js';
import { fingerprint } from '../engine/fingerprint.js';
import { builtInRules } from '../rules/built-in-rules.js';
import {
  baseCluster,
  daemonSet,
  deployment,
  namespace,
  pod,
  crd,
} from './fixtures/cluster-objects.fixture.js';
import * as installs from './fixtures/mesh-installs.fixture.js';

const rules = builtInRules();
const detect = (...objects: (ClusterObject | ClusterObject[])[]) =>
  fingerprint(rules, [...baseCluster(), ...objects.flat()]);

describe('fingerprint over the built-in rules', () => {
  it('finds nothing in a cluster without a mesh', () => {
    expect(detect()).toEqual([]);
  });

  it('detects Istio: istiod and its ingress gateway, version from the pilot image, running sidecars, injection label', () => {
    const [mesh, ...others] = detect(installs.istio());

    expect(others).toEqual([]);
    expect(mesh).toEqual({
      meshId: 'istio',
      name: 'Istio',
      ruleVersion: 1,
      version: '1.22.1',
      versions: ['1.22.1'],
      controlPlane: [
        {
          component: 'ingress-gateway',
          kind: 'Deployment',
          namespace: 'istio-system',
          name: 'istio-ingressgateway',
          readyReplicas: 2,
          image: 'docker.io/istio/proxyv2:1.22.1',
          version: '1.22.1',
        },
        {
          component: 'istiod',
          kind: 'Deployment',
          namespace: 'istio-system',
          name: 'istiod',
          readyReplicas: 1,
          image: 'docker.io/istio/pilot:1.22.1',
          version: '1.22.1',
        },
      ],
      // gateway pod + classic sidecar + native sidecar; the finished Job pod no longer counts.
      proxyCount: 3,
      injectedNamespaces: ['bookinfo'],
      crdGroups: ['networking.istio.io', 'security.istio.io'],
    });
  });

  it('reports every revision of a revision-based Istio install, the highest as its version', () => {
    const [mesh] = detect(installs.istioRevisions());

    expect(mesh).toMatchObject({
      meshId: 'istio',
      version: '1.21.0',
      versions: ['1.20.3', '1.21.0'],
      proxyCount: 1,
      injectedNamespaces: ['checkout', 'payments'],
    });
    expect(mesh?.controlPlane.map((c) => [c.name, c.version, c.readyReplicas])).toEqual([
      ['istiod-1-20-3', '1.20.3', 2],
      ['istiod-1-21-0', '1.21.0', 0],
    ]);
  });

  it('detects Linkerd from its three control-plane components, stable version, meshed pods and annotated namespace', () => {
    const [mesh] = detect(installs.linkerd());

    expect(mesh).toMatchObject({
      meshId: 'linkerd',
      version: 'stable-2.14.10',
      proxyCount: 2,
      injectedNamespaces: ['emojivoto'],
      crdGroups: ['linkerd.io', 'policy.linkerd.io'],
    });
    expect(mesh?.controlPlane.map((c) => [c.component, c.name, c.image])).toEqual([
      ['destination', 'linkerd-destination', 'cr.l5d.io/linkerd/controller:stable-2.14.10'],
      ['identity', 'linkerd-identity', 'cr.l5d.io/linkerd/controller:stable-2.14.10'],
      ['proxy-injector', 'linkerd-proxy-injector', 'cr.l5d.io/linkerd/controller:stable-2.14.10'],
    ]);
  });

  it('detects Consul: server StatefulSet version, connect injector, consul-dataplane sidecars', () => {
    const [mesh] = detect(installs.consul());

    expect(mesh).toMatchObject({
      meshId: 'consul',
      name: 'Consul',
      version: '1.18.1',
      proxyCount: 1,
      injectedNamespaces: [],
    });
    expect(mesh?.controlPlane.map((c) => [c.component, c.kind, c.name, c.readyReplicas, c.version])).toEqual([
      ['connect-injector', 'Deployment', 'consul-connect-injector', 1, null],
      ['server', 'StatefulSet', 'consul-server', 3, '1.18.1'],
    ]);
  });

  it('detects Kuma from kuma-cp, kuma-sidecar pods and the sidecar-injection label', () => {
    expect(detect(installs.kuma())).toEqual([
      expect.objectContaining({
        meshId: 'kuma',
        version: '2.7.3',
        proxyCount: 1,
        injectedNamespaces: ['kuma-demo'],
        controlPlane: [expect.objectContaining({ component: 'control-plane', name: 'kuma-control-plane' })],
      }),
    ]);
  });

  it('detects Open Service Mesh: controller, injector and bootstrap, proxies by their osm-proxy-uuid label', () => {
    const [mesh] = detect(installs.openServiceMesh());

    expect(mesh).toMatchObject({
      meshId: 'open-service-mesh',
      version: '1.2.4',
      proxyCount: 1,
      injectedNamespaces: ['bookstore'],
    });
    expect(mesh?.controlPlane.map((c) => c.component)).toEqual(['bootstrap', 'controller', 'injector']);
  });

  it('detects NGINX Service Mesh from its nsm images and nginx-mesh-sidecar pods', () => {
    const [mesh] = detect(installs.nginxServiceMesh());

    expect(mesh).toMatchObject({
      meshId: 'nginx-service-mesh',
      version: '2.0.0',
      proxyCount: 1,
      injectedNamespaces: ['shop'],
    });
    expect(mesh?.controlPlane.map((c) => c.name)).toEqual(['nginx-mesh-api', 'nginx-mesh-metrics']);
  });

  it('detects Traefik Mesh: controller version, the per-node proxy DaemonSet and its pods as the data plane', () => {
    const [mesh] = detect(installs.traefikMesh());

    expect(mesh).toMatchObject({
      meshId: 'traefik-mesh',
      version: '1.4.8',
      proxyCount: 2,
      injectedNamespaces: [],
    });
    expect(mesh?.controlPlane.map((c) => [c.component, c.kind, c.readyReplicas])).toEqual([
      ['controller', 'Deployment', 1],
      ['proxy', 'DaemonSet', 2],
    ]);
  });

  it("detects Cilium's service mesh: agent version (not Envoy's) from a digest-pinned image, per-node Envoy pods", () => {
    const [mesh] = detect(installs.cilium());

    expect(mesh).toMatchObject({ meshId: 'cilium', version: '1.15.5', versions: ['1.15.5'], proxyCount: 3 });
    expect(mesh?.controlPlane.map((c) => [c.component, c.readyReplicas, c.version])).toEqual([
      ['agent', 3, '1.15.5'],
      ['envoy', 3, null],
      ['operator', 2, '1.15.5'],
    ]);
  });

  it('detects Network Service Mesh: nsmgr, forwarder, registry and webhook, clients by their cmd-nsc container', () => {
    const [mesh] = detect(installs.networkServiceMesh());

    expect(mesh).toMatchObject({ meshId: 'network-service-mesh', version: '1.13.2', proxyCount: 1 });
    expect(mesh?.controlPlane.map((c) => c.component)).toEqual([
      'admission-webhook',
      'forwarder',
      'nsmgr',
      'registry',
    ]);
  });

  it('detects the AWS App Mesh controller, aws-appmesh-envoy sidecars and the injector-webhook label', () => {
    const [mesh] = detect(installs.awsAppMesh());

    expect(mesh).toMatchObject({
      meshId: 'aws-app-mesh',
      version: '1.12.3',
      proxyCount: 1,
      injectedNamespaces: ['howto-k8s-http2'],
      crdGroups: ['appmesh.k8s.aws'],
    });
  });

  it('reports two meshes sharing a cluster separately, sorted by id, each counting only its own proxies', () => {
    const meshes = detect(installs.linkerd(), installs.istio());

    expect(meshes.map((m) => [m.meshId, m.proxyCount, m.injectedNamespaces])).toEqual([
      ['istio', 3, ['bookinfo']],
      ['linkerd', 2, ['emojivoto']],
    ]);
  });

  it('gives the same result whatever the order of the objects', () => {
    const objects = [...baseCluster(), ...installs.istio(), ...installs.kuma()];

    expect(fingerprint(rules, [...objects].reverse())).toEqual(fingerprint(rules, objects));
  });

  describe('negatives', () => {
    it('a plain nginx Deployment and pods are not NGINX Service Mesh', () => {
      const meshes = detect(
        namespace('web'),
        deployment('web', 'nginx', { containers: [{ name: 'nginx', image: 'nginx:1.27.0' }], ready: 3 }),
        deployment('ingress-nginx', 'ingress-nginx-controller', {
          labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
          containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.10.1' }],
        }),
        pod('web', 'nginx-6f7b-a', { containers: [{ name: 'nginx', image: 'nginx:1.27.0' }] }),
      );

      expect(meshes).toEqual([]);
    });

    it('a Deployment named istiod that does not run the pilot image is not Istio', () => {
      expect(
        detect(
          deployment('default', 'istiod', {
            labels: { app: 'istiod' },
            containers: [{ name: 'app', image: 'ghcr.io/example/fake:1.0.0' }],
          }),
        ),
      ).toEqual([]);
    });

    it('a plain Envoy or Traefik does not count as OSM, App Mesh or Traefik Mesh', () => {
      expect(
        detect(
          pod('edge', 'envoy-1', { containers: [{ name: 'envoy', image: 'envoyproxy/envoy:v1.30.1' }] }),
          daemonSet('edge', 'traefik', {
            labels: { 'app.kubernetes.io/name': 'traefik' },
            containers: [{ name: 'traefik', image: 'traefik:v2.10' }],
          }),
        ),
      ).toEqual([]);
    });

    it('CRDs left behind by an uninstall and an injection label alone do not detect a mesh', () => {
      expect(
        detect(
          crd('virtualservices', 'networking.istio.io', 'VirtualService'),
          namespace('old', { 'istio-injection': 'enabled' }),
        ),
      ).toEqual([]);
    });
  });
});
