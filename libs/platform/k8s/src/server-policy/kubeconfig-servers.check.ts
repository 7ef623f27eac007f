import { isKubeconfigError } from '../kubeconfig/kubeconfig-error.js';
import { type ParsedKubeconfig } from '../kubeconfig/sanitized-context.js';
import { checkServerUrl, type ServerUrlPolicy } from './server-url.policy.js';

/** Runs the server URL policy on every imported context, naming the refused `clusters[i].cluster.server`. */
export async function checkKubeconfigServers(
  kubeconfig: ParsedKubeconfig,
  policy: ServerUrlPolicy,
): Promise<void> {
  for (const context of kubeconfig.contexts) {
    const field = `${context.source.cluster}.cluster.server`;
    try {
      await checkServerUrl(context.cluster.server, policy, field);
    } catch (error) {
      throw isKubeconfigError(error) ? error.at(field) : error;
    }
  }
}
