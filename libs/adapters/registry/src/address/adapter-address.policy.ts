import { type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { type BlockList, isIP } from 'node:net';
import { cidrBlockList, ipFamilyOf } from '@meshplane/config';
import { formatAdapterAddress, type AdapterAddress } from './adapter-address.js';

export type HostLookup = (host: string, options: { all: true; verbatim: true }) => Promise<LookupAddress[]>;

export interface AdapterNetworkPolicy {
  /** Operator-opened ranges (ADAPTER_ALLOW_CIDRS); loopback is always open. */
  readonly allowCidrs: readonly string[];
  /** Plaintext gRPC to a non-loopback adapter (ADAPTER_ALLOW_PLAINTEXT): the broker sends kubeconfigs on it. */
  readonly allowPlaintext: boolean;
}

/** What may be dialled: the checked IP (so DNS cannot re-point the connection) and the name TLS verifies. */
export interface CheckedAdapterAddress {
  readonly dial: string;
  readonly authority: string;
  readonly loopback: boolean;
}

export type AddressDecision =
  | { allowed: true; address: CheckedAdapterAddress }
  | { allowed: false; reason: string };

const LOOPBACK = cidrBlockList(['127.0.0.0/8', '::1/128']);
const METADATA = cidrBlockList(['169.254.169.254/32', 'fd00:ec2::254/128']);
const systemLookup: HostLookup = (host, options) => lookup(host, options);

/**
 * Where the broker may open a connection to an adapter. Loopback always; any other address only inside a range
 * the operator opened (ADAPTER_ALLOW_CIDRS), never the cloud metadata service. A name is resolved first and
 * refused if ANY of its addresses is refused; the connection then goes to the checked address, not the name.
 * Decided before any socket to the adapter opens: callers dial only `address.dial` of an allowed decision.
 */
export class AdapterAddressPolicy {
  private readonly allowed: BlockList;

  constructor(
    private readonly network: AdapterNetworkPolicy,
    private readonly resolve: HostLookup = systemLookup,
  ) {
    this.allowed = cidrBlockList(network.allowCidrs);
  }

  async decide(address: AdapterAddress, tls: boolean): Promise<AddressDecision> {
    let ips: string[];
    if (isIP(address.host) !== 0) ips = [address.host];
    else {
      try {
        ips = (await this.resolve(address.host, { all: true, verbatim: true })).map((r) => r.address);
      } catch {
        ips = [];
      }
      if (ips.length === 0) return { allowed: false, reason: `${address.host} does not resolve` };
    }
    for (const ip of ips) {
      const reason = this.refusal(ip);
      if (reason) return { allowed: false, reason: `${address.host} ${reason}` };
    }
    const loopback = ips.every((ip) => isLoopback(ip));
    if (!tls && !loopback && !this.network.allowPlaintext) {
      return {
        allowed: false,
        reason: `plaintext is allowed to loopback adapters only: give tls.caPem (or the operator sets ADAPTER_ALLOW_PLAINTEXT)`,
      };
    }
    const [first = address.host] = ips;
    return {
      allowed: true,
      address: {
        dial: formatAdapterAddress({ host: first, port: address.port }),
        authority: formatAdapterAddress(address),
        loopback,
      },
    };
  }

  private refusal(ip: string): string | undefined {
    const family = ipFamilyOf(ip);
    if (!family) return 'is not an IP address';
    if (METADATA.check(ip, family)) return 'is the cloud metadata service';
    if (LOOPBACK.check(ip, family) || this.allowed.check(ip, family)) return undefined;
    return `(${ip}) is not loopback and not in ADAPTER_ALLOW_CIDRS`;
  }
}

function isLoopback(ip: string): boolean {
  const family = ipFamilyOf(ip);
  return family !== undefined && LOOPBACK.check(ip, family);
}
