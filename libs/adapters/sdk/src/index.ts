export {
  defineOperation,
  OperationError,
  type AdapterDefinition,
  type AdapterInfoSpec,
  type ComponentSpec,
  type EventSeverity,
  type FingerprintRuleDocument,
  type OperationCategory,
  type OperationContext,
  type OperationEventInput,
  type OperationResult,
  type OperationSpec,
  type OperationTarget,
} from './adapter-definition.js';
export {
  ADAPTER_SERVICE_NAME,
  createAdapterServer,
  SEALED_CREDENTIALS_FEATURE,
  type AdapterServer,
  type AdapterServerOptions,
} from './adapter-server.js';
export { compileInputSchema, SchemaError, type FieldIssue, type InputCheck } from './input-schema.js';
export type { JsonObject, JsonValue } from './json.js';
export { AdapterClient } from './conformance/adapter-client.js';
export {
  conformanceFailures,
  runAdapterConformance,
  type ConformanceCheck,
  type ConformanceOptions,
  type ConformanceReport,
} from './conformance/run-adapter-conformance.js';
export { noopAdapter, type NoopInstallInput, type RunCounter } from './testing/noop-adapter.js';
export {
  startAdapterHarness,
  waitUntil,
  type AdapterHarness,
  type HarnessCluster,
  type OperationOptions,
} from './testing/adapter-harness.js';
export {
  CA_CERT_PEM as TEST_CA_CERT_PEM,
  CLIENT_CERT_PEM as TEST_CLIENT_CERT_PEM,
  CLIENT_KEY_PEM as TEST_CLIENT_KEY_PEM,
  SERVER_CERT_PEM as TEST_SERVER_CERT_PEM,
  SERVER_KEY_PEM as TEST_SERVER_KEY_PEM,
} from './testing/test-pki.js';
export * from './manifests/index.js';
export {
  checkBundleUrl,
  DEFAULT_MAX_SOURCE_BYTES,
  parseUrlWithChecksum,
  resolveManifests,
  resolveSample,
  type BundleUrl,
  type ManifestSourceConfig,
  type ManifestSourceKind,
  type MeshCli,
  type ResolvedManifests,
  type SampleSource,
} from './sources/manifest-sources.js';
export {
  meshAdapter,
  type MeshAdapterRuntime,
  type MeshAdapterSpec,
  type MtlsMode,
  type NamespaceMetadata,
} from './mesh/mesh-adapter.js';
export {
  loadAdapterConfig,
  sampleSettings,
  sourceSettings,
  type AdapterProcessConfig,
} from './mesh/adapter-config.js';
