import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';
import { type SanitizedContext } from '../kubeconfig/sanitized-context.js';

/**
 * A client-node KubeConfig holding exactly one context, built field by field from a sanitized context:
 * no `exec`, `authProvider`, file paths, proxy or impersonation can be present because none is copied.
 * Never `loadFromString` user text: client-node would honour every one of those.
 */
export function buildKubeConfig(ctx: SanitizedContext): KubeConfig {
  const { cluster, user } = ctx;
  const clusters: Cluster[] = [
    {
      name: cluster.name,
      server: cluster.server,
      skipTLSVerify: cluster.insecureSkipTlsVerify,
      ...(cluster.certificateAuthorityData !== undefined && { caData: cluster.certificateAuthorityData }),
      ...(cluster.tlsServerName !== undefined && { tlsServerName: cluster.tlsServerName }),
    },
  ];
  const users: User[] = [
    {
      name: user.name,
      ...(user.token !== undefined && { token: user.token }),
      ...(user.clientCertificateData !== undefined && { certData: user.clientCertificateData }),
      ...(user.clientKeyData !== undefined && { keyData: user.clientKeyData }),
      ...(user.username !== undefined && { username: user.username, password: user.password }),
    },
  ];
  const contexts: Context[] = [
    {
      name: ctx.name,
      cluster: cluster.name,
      user: user.name,
      ...(ctx.namespace !== undefined && { namespace: ctx.namespace }),
    },
  ];
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters, users, contexts, currentContext: ctx.name });
  return kc;
}
