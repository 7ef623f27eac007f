import { KubeconfigError } from './kubeconfig-error.js';

// Each of these makes client-node run a command, read a local file, route through a proxy of the uploader's
// choosing, or act as someone else: refused loudly rather than dropped, so the user learns why.
const REFUSED_CLUSTER_FIELDS: Readonly<Record<string, string>> = {
  'certificate-authority': 'file references are not allowed; embed certificate-authority-data',
  'proxy-url': 'proxies are not allowed',
};

const REFUSED_USER_FIELDS: Readonly<Record<string, string>> = {
  exec: 'exec credential plugins run commands and are not allowed; use a token or client certificate',
  'auth-provider': 'auth providers (gcp, azure, oidc) run commands or refresh flows and are not allowed',
  'client-certificate': 'file references are not allowed; embed client-certificate-data',
  'client-key': 'file references are not allowed; embed client-key-data',
  tokenFile: 'file references are not allowed; embed token',
  as: 'impersonation is not allowed',
  'as-groups': 'impersonation is not allowed',
  'as-uid': 'impersonation is not allowed',
  'as-user-extra': 'impersonation is not allowed',
};

const FILE_REFERENCE = /(?:-file|File)$/;

export function refuseClusterFields(cluster: Record<string, unknown>, field: string): void {
  refuse(cluster, REFUSED_CLUSTER_FIELDS, field);
}

export function refuseUserFields(user: Record<string, unknown>, field: string): void {
  refuse(user, REFUSED_USER_FIELDS, field);
}

function refuse(
  entry: Record<string, unknown>,
  refused: Readonly<Record<string, string>>,
  field: string,
): void {
  for (const key of Object.keys(entry)) {
    const reason = Object.hasOwn(refused, key)
      ? refused[key]
      : FILE_REFERENCE.test(key)
        ? 'file references are not allowed'
        : undefined;
    if (reason !== undefined) throw new KubeconfigError('REFUSED_FIELD', `${field}.${key}`, reason);
  }
}
