import {
  meshAdapter,
  sampleSettings,
  sourceSettings,
  type AdapterDefinition,
  type AdapterProcessConfig,
  type MeshAdapterRuntime,
  type MeshAdapterSpec,
} from '@meshplane/adapters-sdk';

export const LINKERD_VERSIONS: [string, ...string[]] = ['stable-2.13.7', 'stable-2.14.10'];
export const LINKERD_ENV_PREFIX = 'LINKERD';
export const LINKERD_SAMPLES = ['emojivoto'];

/** Linkerd's default inbound policy of a namespace: what STRICT and PERMISSIVE mean for Linkerd. */
const INBOUND_POLICY = 'config.linkerd.io/default-inbound-policy';

export const linkerdSpec: MeshAdapterSpec = {
  name: 'linkerd-adapter',
  version: '0.1.0',
  mesh: 'linkerd',
  meshVersions: LINKERD_VERSIONS,
  controlPlaneNamespace: 'linkerd',
  proxyContainer: 'linkerd-proxy',
  profiles: ['default', 'ha'],
  samples: ['emojivoto'],
  // Linkerd encrypts meshed traffic always; STRICT refuses unauthenticated (non-mTLS) clients in the namespace.
  mtls: (mode) => ({
    namespaceMetadata: {
      annotations: { [INBOUND_POLICY]: mode === 'STRICT' ? 'all-authenticated' : 'all-unauthenticated' },
    },
  }),
  injection: (enabled) => ({ annotations: { 'linkerd.io/inject': enabled ? 'enabled' : null } }),
  components: [
    {
      kind: 'Server',
      apiVersion: 'policy.linkerd.io/v1beta1',
      model: 'linkerd',
      modelVersion: 'stable-2.14.10',
      description: 'A port of a set of pods that policy applies to.',
      schema: {
        type: 'object',
        properties: {
          podSelector: { type: 'object' },
          port: { type: ['integer', 'string'] },
          proxyProtocol: { type: 'string' },
        },
      },
    },
  ],
  fingerprints: [
    {
      schemaVersion: 1,
      ruleVersion: 1,
      mesh: { id: 'linkerd', name: 'Linkerd' },
      presence: { crdGroups: ['policy.linkerd.io', 'linkerd.io'] },
      controlPlane: [
        {
          component: 'destination',
          kinds: ['Deployment'],
          labels: [{ key: 'linkerd.io/control-plane-component', value: 'destination' }],
        },
      ],
      version: [
        { from: 'image', pattern: ':(?<version>(?:stable|edge)-\\d+\\.\\d+\\.\\d+)(?:@|$)' },
        { from: 'label', key: 'app.kubernetes.io/version' },
      ],
      dataPlane: {
        containers: [{ name: '^linkerd-proxy$' }],
        annotations: [{ key: 'linkerd.io/proxy-version' }],
      },
      injection: {
        namespaces: [{ annotation: { key: 'linkerd.io/inject', pattern: '^(enabled|ingress)$' } }],
      },
    },
  ],
};

/** The Linkerd adapter over the process configuration (manifest sources, state dir, cluster policy). */
export function linkerdAdapter(
  config: Pick<
    AdapterProcessConfig,
    'inventory' | 'clusterPolicy' | 'cliPath' | 'bundleDir' | 'bundleUrls' | 'samples'
  >,
  overrides: Partial<MeshAdapterRuntime> = {},
): AdapterDefinition {
  return meshAdapter(linkerdSpec, {
    inventory: config.inventory,
    clusterPolicy: config.clusterPolicy,
    sources: {
      mesh: 'linkerd',
      cli: {
        binary: 'linkerd',
        versionArgs: ['version', '--client', '--short'],
        render: (_version, profile) => [
          ['install', '--crds'],
          ['install', ...(profile === 'ha' ? ['--ha'] : [])],
        ],
      },
      ...(config.cliPath !== undefined ? { searchPath: config.cliPath } : {}),
      ...(config.bundleDir !== undefined ? { bundleDir: config.bundleDir } : {}),
      bundleUrls: config.bundleUrls,
      settings: sourceSettings(LINKERD_ENV_PREFIX, 'linkerd'),
    },
    samples: config.samples,
    sampleSettings: sampleSettings(LINKERD_ENV_PREFIX),
    ...overrides,
  });
}
