import { stringify } from 'yaml';
import type { SanitizedContext } from './sanitized-context.js';

/**
 * A kubeconfig document holding exactly the one sanitized context: the allow-listed fields and nothing else (no
 * exec, auth provider, file path, proxy or impersonation can appear, since none is copied). What Meshplane hands an
 * adapter for one operation; the adapter parses it with the same untrusted-kubeconfig parser.
 */
export function renderKubeconfig(ctx: SanitizedContext): string {
  const { cluster, user } = ctx;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster.name,
        cluster: {
          server: cluster.server,
          ...(cluster.certificateAuthorityData !== undefined && {
            'certificate-authority-data': cluster.certificateAuthorityData,
          }),
          ...(cluster.tlsServerName !== undefined && { 'tls-server-name': cluster.tlsServerName }),
          ...(cluster.insecureSkipTlsVerify && { 'insecure-skip-tls-verify': true }),
        },
      },
    ],
    users: [
      {
        name: user.name,
        user: {
          ...(user.token !== undefined && { token: user.token }),
          ...(user.clientCertificateData !== undefined && {
            'client-certificate-data': user.clientCertificateData,
          }),
          ...(user.clientKeyData !== undefined && { 'client-key-data': user.clientKeyData }),
          ...(user.username !== undefined && { username: user.username }),
          ...(user.password !== undefined && { password: user.password }),
        },
      },
    ],
    contexts: [
      {
        name: ctx.name,
        context: {
          cluster: cluster.name,
          user: user.name,
          ...(ctx.namespace !== undefined && { namespace: ctx.namespace }),
        },
      },
    ],
    'current-context': ctx.name,
  });
}
