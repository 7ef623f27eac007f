import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

export type IpFamily = 'ipv4' | 'ipv6';

/** A validated CIDR (`10.0.0.0/8`, `fd00::/8`; a bare address is a single host). */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: IpFamily;
}

/** Throws `Invalid CIDR "…"` on anything that is not an IPv4/IPv6 address with an optional in-range prefix. */
export function parseCidr(text: string): Cidr {
  const invalid = () => new Error(`Invalid CIDR "${text}"`);
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const family = ipFamilyOf(address);
  if (!family || rest.length > 0 || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) {
    throw invalid();
  }
  const prefix = prefixText === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefixText);
  try {
    new BlockList().addSubnet(address, prefix, family);
  } catch {
    throw invalid();
  }
  return { address, prefix, family };
}

/** Zone ids (`fe80::1%eth0`) pick an interface: no address a policy compares needs one, so they do not count. */
export function ipFamilyOf(address: string): IpFamily | undefined {
  if (address.includes('%')) return undefined;
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** A net.BlockList holding every CIDR of `cidrs` (each must parse). */
export function cidrBlockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of cidrs) {
    const { address, prefix, family } = parseCidr(text);
    list.addSubnet(address, prefix, family);
  }
  return list;
}

/** A comma-separated list of CIDRs (blank: none); the message names the entry that is not one. */
export const envCidrList = () =>
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      const cidrs = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      for (const cidr of cidrs) {
        try {
          parseCidr(cidr);
        } catch {
          ctx.addIssue({ code: 'custom', message: `"${cidr}" is not a CIDR (e.g. 10.0.0.0/8, fd00::/8)` });
          return z.NEVER;
        }
      }
      return cidrs;
    });
