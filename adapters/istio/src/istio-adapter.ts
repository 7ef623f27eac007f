import {
  meshAdapter,
  sampleSettings,
  sourceSettings,
  type AdapterDefinition,
  type AdapterProcessConfig,
  type MeshAdapterRuntime,
  type MeshAdapterSpec,
} from '@meshplane/adapters-sdk';

export const ISTIO_VERSIONS: [string, ...string[]] = ['1.22.1', '1.23.0'];
export const ISTIO_ENV_PREFIX = 'ISTIO';
export const ISTIO_SAMPLES = ['bookinfo'];

export const istioSpec: MeshAdapterSpec = {
  name: 'istio-adapter',
  version: '0.1.0',
  mesh: 'istio',
  meshVersions: ISTIO_VERSIONS,
  controlPlaneNamespace: 'istio-system',
  proxyContainer: 'istio-proxy',
  profiles: ['default', 'minimal', 'demo'],
  samples: ['bookinfo'],
  // Istio: a PeerAuthentication named "default" (in istio-system it is mesh-wide).
  mtls: (mode, namespace) => ({
    manifests: [
      {
        apiVersion: 'security.istio.io/v1beta1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace },
        spec: { mtls: { mode } },
      },
    ],
  }),
  injection: (enabled) => ({ labels: { 'istio-injection': enabled ? 'enabled' : null } }),
  components: [
    {
      kind: 'PeerAuthentication',
      apiVersion: 'security.istio.io/v1beta1',
      model: 'istio',
      modelVersion: '1.23.0',
      description: 'mTLS mode of a namespace or workload.',
      schema: {
        type: 'object',
        properties: {
          mtls: {
            type: 'object',
            properties: { mode: { type: 'string', enum: ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] } },
          },
        },
      },
    },
    {
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1beta1',
      model: 'istio',
      modelVersion: '1.23.0',
      description: 'Traffic routing rules for hosts.',
      schema: {
        type: 'object',
        properties: { hosts: { type: 'array', items: { type: 'string' } }, http: { type: 'array' } },
      },
    },
  ],
  fingerprints: [
    {
      schemaVersion: 1,
      ruleVersion: 1,
      mesh: { id: 'istio', name: 'Istio' },
      presence: { crdGroups: ['networking.istio.io', 'security.istio.io'] },
      controlPlane: [
        {
          component: 'istiod',
          kinds: ['Deployment'],
          labels: [{ key: 'app', value: 'istiod' }],
          image: '(^|/)pilot(:|@|$)',
        },
      ],
      version: [{ from: 'image', pattern: ':(?<version>\\d+\\.\\d+\\.\\d+)(?:@|$)' }],
      dataPlane: {
        containers: [{ name: '^istio-proxy$' }],
        annotations: [{ key: 'sidecar.istio.io/status' }],
      },
      injection: { namespaces: [{ label: { key: 'istio-injection', value: 'enabled' } }] },
    },
  ],
};

/** The Istio adapter over the process configuration (manifest sources, state dir, cluster policy). */
export function istioAdapter(
  config: Pick<
    AdapterProcessConfig,
    'inventory' | 'clusterPolicy' | 'cliPath' | 'bundleDir' | 'bundleUrls' | 'samples'
  >,
  overrides: Partial<MeshAdapterRuntime> = {},
): AdapterDefinition {
  return meshAdapter(istioSpec, {
    inventory: config.inventory,
    clusterPolicy: config.clusterPolicy,
    sources: {
      mesh: 'istio',
      cli: {
        binary: 'istioctl',
        versionArgs: ['version', '--remote=false'],
        render: (_version, profile) => [['manifest', 'generate', '--set', `profile=${profile}`]],
      },
      ...(config.cliPath !== undefined ? { searchPath: config.cliPath } : {}),
      ...(config.bundleDir !== undefined ? { bundleDir: config.bundleDir } : {}),
      bundleUrls: config.bundleUrls,
      settings: sourceSettings(ISTIO_ENV_PREFIX, 'istioctl'),
    },
    samples: config.samples,
    sampleSettings: sampleSettings(ISTIO_ENV_PREFIX),
    ...overrides,
  });
}
