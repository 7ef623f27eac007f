import type { BlockList } from 'node:net';
import { cidrBlockList, ipFamilyOf } from '@meshplane/config';

/**
 * Where a server-side request must never go on a tenant's behalf, unless an operator opens the range. The first
 * matching entry names the refusal, so the specific ones (metadata) come before the ranges holding them.
 * net.BlockList matches IPv4 rules against IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, `::ffff:a00:1`) too.
 */
const REFUSED_RANGES: ReadonlyArray<readonly [reason: string, cidrs: readonly string[]]> = [
  ['the cloud metadata service', ['169.254.169.254/32', 'fd00:ec2::254/128']],
  ['an unspecified address', ['0.0.0.0/8', '::/128']],
  ['a loopback address', ['127.0.0.0/8', '::1/128']],
  ['a private address (RFC 1918)', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['a carrier-grade NAT address', ['100.64.0.0/10']],
  ['a link-local address', ['169.254.0.0/16', 'fe80::/10']],
  ['a unique local IPv6 address', ['fc00::/7', 'fec0::/10']],
  ['a multicast address', ['224.0.0.0/4', 'ff00::/8']],
  [
    'a documentation address',
    ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32', '3fff::/20'],
  ],
  ['a benchmarking address', ['198.18.0.0/15', '2001:2::/48']],
  // Translation prefixes reach an embedded IPv4 address (NAT64 64:ff9b::a00:1 is 10.0.0.1 behind a gateway).
  ['an IPv4-translation address', ['64:ff9b::/96', '64:ff9b:1::/48', '2002::/16', '2001::/32', '::/96']],
  ['a reserved address', ['192.0.0.0/24', '192.88.99.0/24', '240.0.0.0/4', '100::/64']],
];

/** The default refusals with their operator allow list (KUBE_SERVER_ALLOW_CIDRS), checked with net.BlockList. */
export class AddressPolicy {
  private readonly allowed: BlockList;
  private readonly refused = REFUSED_RANGES.map(([reason, cidrs]) => ({
    reason,
    list: cidrBlockList(cidrs),
  }));

  constructor(allowCidrs: readonly string[] = []) {
    this.allowed = cidrBlockList(allowCidrs);
  }

  /** Why `address` (a literal IP) may not be connected to, or undefined when it may. */
  refusal(address: string): string | undefined {
    const family = ipFamilyOf(address);
    if (!family) return 'an address that cannot be parsed';
    if (this.allowed.check(address, family)) return undefined;
    return this.refused.find(({ list }) => list.check(address, family))?.reason;
  }
}
