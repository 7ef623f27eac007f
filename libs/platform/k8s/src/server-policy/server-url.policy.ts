import { type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { KubeconfigError } from '../kubeconfig/kubeconfig-error.js';
import { AddressPolicy } from './address-policy.js';
import { parseServerUrl } from './server-url.js';

export type HostLookup = (
  hostname: string,
  options: { all: true; verbatim: true },
) => Promise<LookupAddress[]>;

export interface ServerUrlPolicy {
  /**
   * Operator-opened networks (KUBE_SERVER_ALLOW_CIDRS): an address inside one passes although it is private,
   * loopback, link-local… The metadata hostnames never pass.
   */
  readonly allowCidrs?: readonly string[];
  /** Plain `http:` servers (credentials in clear text); off by default. */
  readonly allowInsecureHttp?: boolean;
  /** Name resolution, the system resolver (`dns.lookup`) by default; tests pass a stub. */
  readonly resolve?: HostLookup;
}

export interface CheckedServerUrl {
  readonly url: string;
  readonly host: string;
  /** Every address the host resolved to, all of them allowed. */
  readonly addresses: readonly string[];
}

const REFUSED_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

const systemLookup: HostLookup = (hostname, options) => lookup(hostname, options);

const compiled = new WeakMap<ServerUrlPolicy, AddressPolicy>();

/** The policy's address rules, compiled once per policy object (it is consulted at every connection). */
export function addressPolicyOf(policy: ServerUrlPolicy): AddressPolicy {
  let addresses = compiled.get(policy);
  if (!addresses) {
    addresses = new AddressPolicy(policy.allowCidrs);
    compiled.set(policy, addresses);
  }
  return addresses;
}

export function resolverOf(policy: ServerUrlPolicy): HostLookup {
  return policy.resolve ?? systemLookup;
}

/** Why `host` (as written in a URL, brackets and trailing dot removed) is refused by name, if it is. */
export function refusedHostname(host: string): string | undefined {
  return REFUSED_HOSTNAMES.has(host.toLowerCase().replace(/\.$/, ''))
    ? 'points at the cloud metadata service'
    : undefined;
}

/**
 * SSRF policy for a cluster's `server`, at import and before a client is built: resolves the host and refuses it
 * if ANY address is refused, so a name with one public and one private record cannot pass. This is an early,
 * well-worded answer; what protects the connection is the check the transport makes at every connect (DNS can
 * change in between: see policyLookup and the policy agents).
 */
export async function checkServerUrl(
  server: string,
  policy: ServerUrlPolicy = {},
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
  const byName = refusedHostname(host);
  if (byName) throw new KubeconfigError('SERVER_NOT_ALLOWED', field, byName);
  const addresses = ipFamily === 0 ? await resolveAll(host, resolverOf(policy), field) : [host];
  const rules = addressPolicyOf(policy);
  for (const address of addresses) {
    const reason = rules.refusal(address);
    if (reason !== undefined) throw new KubeconfigError('SERVER_NOT_ALLOWED', field, `resolves to ${reason}`);
  }
  return { url: url.toString(), host, addresses };
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
