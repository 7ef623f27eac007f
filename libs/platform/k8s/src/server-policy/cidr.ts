import { isIP } from 'node:net';

export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export interface Cidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;
const IPV4_MAPPED_PREFIX = 0xffffn << 32n;

/**
 * Parses an IPv4 or IPv6 literal. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) comes back as the IPv4 address it
 * reaches, so `::ffff:7f00:1` cannot sneak past an IPv4 rule. Zone ids (`fe80::1%eth0`) are not addresses
 * a cluster URL should carry: undefined.
 */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes('%')) return undefined;
  const family = isIP(text);
  if (family === 4) return { family: 4, value: ipv4ToBigInt(text) };
  if (family !== 6) return undefined;
  const value = ipv6ToBigInt(text);
  if (value >> 32n === IPV4_MAPPED_PREFIX >> 32n) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

/** `10.0.0.0/8`, `fd00::/8`; a bare address means a single host. Throws on anything else. */
export function parseCidr(text: string): Cidr {
  const [addressText = '', prefixText, ...rest] = text.trim().split('/');
  const address = parseIp(addressText);
  // A mapped address written in IPv6 form still describes IPv6 prefix lengths: refuse the ambiguity.
  if (!address || rest.length > 0 || (isIP(addressText) === 6 && address.family === 4)) {
    throw new Error(`Invalid CIDR "${text}"`);
  }
  const bits = BITS[address.family];
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if ((prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) || prefix > bits) {
    throw new Error(`Invalid CIDR "${text}"`);
  }
  return { family: address.family, network: address.value & mask(prefix, bits), prefix };
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.family !== address.family) return false;
  const bits = BITS[cidr.family];
  return (address.value & mask(cidr.prefix, bits)) === cidr.network;
}

function mask(prefix: number, bits: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return (all << BigInt(bits - prefix)) & all;
}

function ipv4ToBigInt(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToBigInt(text: string): bigint {
  const groups = expandIpv6(embeddedIpv4ToHex(text.toLowerCase()));
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** `::ffff:1.2.3.4` → `::ffff:102:304`. */
function embeddedIpv4ToHex(text: string): string {
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (!tail.includes('.')) return text;
  const v4 = ipv4ToBigInt(tail);
  return `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
}

function expandIpv6(text: string): string[] {
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  if (tail === undefined) return left;
  const right = tail === '' ? [] : tail.split(':');
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}
