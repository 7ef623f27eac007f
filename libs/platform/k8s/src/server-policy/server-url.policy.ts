import { type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { KubeconfigError } from '../kubeconfig/kubeconfig-error.js';
import { type Cidr, cidrContains, parseCidr, parseIp } from './cidr.js';
import { parseServerUrl } from './server-url.js';

export interface ServerUrlPolicy {
  /** Operator-allowed networks: an address inside one passes even if it is loopback, link-local, etc. */
  readonly allowCidrs?: readonly string[];
  /** Plain `http:` servers (credentials in clear text); off by default. */
  readonly allowInsecureHttp?: boolean;
}

export type HostLookup = (
  hostname: string,
  options: { all: true; verbatim: true },
) => Promise<LookupAddress[]>;

export interface CheckedServerUrl {
  readonly url: string;
  readonly host: string;
  /** Every address the host resolved to, all of them allowed. */
  readonly addresses: readonly string[];
}

// Where a server-side request must never go on a tenant's behalf. Metadata comes before link-local so the
// refusal names the more specific reason.
const REFUSED_NETWORKS: ReadonlyArray<{ cidr: Cidr; reason: string }> = (
  [
    ['0.0.0.0/8', 'an unspecified address'],
    ['127.0.0.0/8', 'a loopback address'],
    ['169.254.169.254/32', 'the cloud metadata service'],
    ['169.254.0.0/16', 'a link-local address'],
    ['224.0.0.0/4', 'a multicast address'],
    ['255.255.255.255/32', 'the broadcast address'],
    ['::/128', 'an unspecified address'],
    ['::1/128', 'a loopback address'],
    ['fd00:ec2::254/128', 'the cloud metadata service'],
    ['fe80::/10', 'a link-local address'],
    ['ff00::/8', 'a multicast address'],
  ] as const
).map(([cidr, reason]) => ({ cidr: parseCidr(cidr), reason }));

const REFUSED_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

const defaultLookup: HostLookup = (hostname, options) => lookup(hostname, options);

/**
 * SSRF policy for a cluster's `server`: resolves the host and refuses it if ANY address is refused, so a
 * name with one public and one loopback record cannot pass. The caller should connect to the returned
 * addresses (or check again right before connecting): DNS answers can change between check and use.
 */
export async function checkServerUrl(
  server: string,
  policy: ServerUrlPolicy = {},
  resolve: HostLookup = defaultLookup,
  field = 'server',
): Promise<CheckedServerUrl> {
  const { url, host, ipFamily } = parseServerUrl(server, field);
  if (url.protocol === 'http:' && !policy.allowInsecureHttp) {
    throw new KubeconfigError(
      'SERVER_NOT_ALLOWED',
      field,
      'uses plain http, which this installation does not allow',
    );
  }
  if (REFUSED_HOSTNAMES.has(host)) {
    throw new KubeconfigError('SERVER_NOT_ALLOWED', field, 'points at the cloud metadata service');
  }
  const allowed = (policy.allowCidrs ?? []).map(parseCidr);
  const addresses = ipFamily === 0 ? await resolveAll(host, resolve, field) : [host];
  for (const text of addresses) checkAddress(text, allowed, field);
  return { url: url.toString(), host, addresses };
}

/** Refusal reason for one resolved address, or undefined when allowed. */
export function refusedAddressReason(text: string, allowed: readonly Cidr[]): string | undefined {
  const address = parseIp(text);
  if (!address) return 'an address that cannot be parsed';
  if (allowed.some((cidr) => cidrContains(cidr, address))) return undefined;
  return REFUSED_NETWORKS.find(({ cidr }) => cidrContains(cidr, address))?.reason;
}

function checkAddress(text: string, allowed: readonly Cidr[], field: string): void {
  const reason = refusedAddressReason(text, allowed);
  if (reason !== undefined) throw new KubeconfigError('SERVER_NOT_ALLOWED', field, `resolves to ${reason}`);
}

async function resolveAll(host: string, resolve: HostLookup, field: string): Promise<string[]> {
  let records: LookupAddress[];
  try {
    records = await resolve(host, { all: true, verbatim: true });
  } catch (cause) {
    throw new KubeconfigError('SERVER_UNRESOLVABLE', field, 'host does not resolve', { cause });
  }
  if (records.length === 0) throw new KubeconfigError('SERVER_UNRESOLVABLE', field, 'host does not resolve');
  return records.map((record) => record.address);
}
