import { isIP } from 'node:net';
import { KubeconfigError } from '../kubeconfig/kubeconfig-error.js';

export interface ParsedServerUrl {
  readonly url: URL;
  /** Lower-case host without IPv6 brackets or a trailing dot. */
  readonly host: string;
  readonly ipFamily: 0 | 4 | 6;
}

/** Static checks on a cluster's `server` (no network): scheme, no credentials, no query or fragment. */
export function parseServerUrl(server: string, field = 'server'): ParsedServerUrl {
  let url: URL;
  try {
    url = new URL(server);
  } catch (cause) {
    throw new KubeconfigError('INVALID_FIELD', field, 'is not a URL', { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KubeconfigError('INVALID_FIELD', field, 'must use https (or http where an operator allows it)');
  }
  if (url.username || url.password) {
    throw new KubeconfigError('INVALID_FIELD', field, 'must not carry credentials in the URL');
  }
  if (url.search || url.hash) {
    throw new KubeconfigError('INVALID_FIELD', field, 'must not have a query or fragment');
  }
  const host = url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host.length === 0) throw new KubeconfigError('INVALID_FIELD', field, 'has no host');
  return { url, host, ipFamily: isIP(host) as 0 | 4 | 6 };
}
