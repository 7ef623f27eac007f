import { parseServerUrl } from '../server-policy/server-url.js';
import {
  type Entry,
  optionalBoolean,
  optionalData,
  optionalString,
  readEntry,
  requiredString,
} from './field-readers.js';
import { KubeconfigError } from './kubeconfig-error.js';
import { certificateData } from './pem-data.js';
import { refuseClusterFields } from './refused-fields.js';
import { type SanitizedCluster } from './sanitized-context.js';

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** `entry` is `clusters[i]`; `path` names it (`clusters[2]`). */
export function sanitizeCluster(entry: Entry, name: string, path: string): SanitizedCluster {
  const field = `${path}.cluster`;
  const cluster = readEntry(entry, 'cluster', field);
  refuseClusterFields(cluster, field);
  const serverField = `${field}.server`;
  const server = requiredString(cluster, 'server', serverField);
  parseServerUrl(server, serverField);
  const caField = `${field}.certificate-authority-data`;
  const caData = optionalData(cluster, 'certificate-authority-data', caField);
  const tlsServerName = optionalString(cluster, 'tls-server-name', `${field}.tls-server-name`, 253);
  if (tlsServerName !== undefined && !HOSTNAME.test(tlsServerName)) {
    throw new KubeconfigError('INVALID_FIELD', `${field}.tls-server-name`, 'must be a DNS name');
  }
  const skipField = `${field}.insecure-skip-tls-verify`;
  const insecureSkipTlsVerify = optionalBoolean(cluster, 'insecure-skip-tls-verify', skipField) ?? false;
  // Same rule as kubectl: a CA that is then ignored is a configuration mistake, not a choice.
  if (insecureSkipTlsVerify && caData !== undefined) {
    throw new KubeconfigError(
      'INVALID_FIELD',
      skipField,
      'cannot be combined with certificate-authority-data',
    );
  }
  return {
    name,
    server,
    insecureSkipTlsVerify,
    ...(caData !== undefined && { certificateAuthorityData: certificateData(caData, caField).data }),
    ...(tlsServerName !== undefined && { tlsServerName }),
  };
}
