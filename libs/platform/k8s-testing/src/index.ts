export { KubeApiError, type KubeStatus } from './api-error.js';
export { type PatchType } from './cluster-state.js';
export { type FaultMode } from './http/fault-injector.js';
export { type KubeObject, type KubeObjectInput, type KubeObjectMeta } from './kube-object.js';
export { type KubeconfigOptions } from './kubeconfig.js';
export { startKubeTestServer, type KubeTestServer, type KubeTestServerOptions } from './kube-test-server.js';
export { type WorkloadControllerOptions } from './sandbox/workload-controller.js';
export {
  runSandbox,
  SANDBOX_BANNER,
  sandboxOptionsProblem,
  type RunningSandbox,
  type SandboxOptions,
} from './sandbox/run-sandbox.js';
