export {
  isKubeconfigError,
  KubeconfigError,
  type KubeconfigErrorCode,
} from './kubeconfig/kubeconfig-error.js';
export {
  DEFAULT_MAX_KUBECONFIG_ENTRIES,
  parseKubeconfigContexts,
  parseUntrustedKubeconfig,
  type ContextParseResult,
  type ParseKubeconfigOptions,
} from './kubeconfig/kubeconfig.parser.js';
export type {
  ParsedKubeconfig,
  SanitizedCluster,
  SanitizedContext,
  SanitizedUser,
} from './kubeconfig/sanitized-context.js';
export { DEFAULT_MAX_KUBECONFIG_BYTES } from './kubeconfig/untrusted-yaml.js';
export { renderKubeconfig } from './kubeconfig/kubeconfig.renderer.js';
export { AddressPolicy } from './server-policy/address-policy.js';
export {
  checkServerUrl,
  type CheckedServerUrl,
  type HostLookup,
  type ServerUrlPolicy,
} from './server-policy/server-url.policy.js';
export { checkKubeconfigServers } from './server-policy/kubeconfig-servers.check.js';
export { ADDRESS_NOT_ALLOWED, policyLookup } from './server-policy/policy-lookup.js';
export { buildKubeConfig, GuardedKubeConfig } from './client/kube-config.builder.js';
export {
  isPolicyAgent,
  PolicyHttpAgent,
  PolicyHttpsAgent,
  type PolicyAgent,
} from './client/policy-agents.js';
export {
  needsResealing,
  openCredentials,
  rotateSealed,
  sealCredentials,
  type CredentialKeyring,
  type SealedContext,
  type SecretField,
} from './credentials/credentials.sealer.js';
export { probeCluster, type ClusterProbe, type ProbeOptions } from './probe/cluster.probe.js';
export {
  ClusterProbeError,
  isClusterProbeError,
  type ClusterProbeErrorCode,
} from './probe/cluster-probe.error.js';
export { inKubeRequestSpan } from './tracing/kube-request.span.js';
