import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from '../index.js';

const contains = (cidr: string, ip: string): boolean => {
  const address = parseIp(ip);
  if (!address) throw new Error(`not an address: ${ip}`);
  return cidrContains(parseCidr(cidr), address);
};

describe('parseIp', () => {
  it('reads IPv4 and IPv6 literals into numbers', () => {
    expect(parseIp('10.1.2.3')).toEqual({ family: 4, value: 0x0a010203n });
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
    expect(parseIp('2001:db8::8a2e:370:7334')).toEqual({
      family: 6,
      value: 0x20010db8000000000000_8a2e03707334n,
    });
    expect(parseIp('fe80::')).toEqual({ family: 6, value: 0xfe80n << 112n });
  });

  it('treats IPv4-mapped IPv6 as the IPv4 address it reaches, in dotted and hex form', () => {
    expect(parseIp('::ffff:127.0.0.1')).toEqual({ family: 4, value: 0x7f000001n });
    expect(parseIp('::ffff:7f00:1')).toEqual({ family: 4, value: 0x7f000001n });
  });

  it('returns undefined for names, zone ids and garbage', () => {
    expect(parseIp('localhost')).toBeUndefined();
    expect(parseIp('fe80::1%eth0')).toBeUndefined();
    expect(parseIp('1.2.3.256')).toBeUndefined();
    expect(parseIp('')).toBeUndefined();
  });
});

describe('parseCidr / cidrContains', () => {
  it.each([
    ['127.0.0.0/8', '127.255.255.254', true],
    ['127.0.0.0/8', '128.0.0.1', false],
    ['10.0.0.0/8', '10.20.30.40', true],
    ['192.168.1.0/24', '192.168.1.255', true],
    ['192.168.1.0/24', '192.168.2.0', false],
    ['169.254.169.254/32', '169.254.169.254', true],
    ['169.254.169.254', '169.254.169.253', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['10.1.2.3/8', '10.200.0.1', true],
    ['fe80::/10', 'febf:ffff::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['fd00:ec2::254/128', 'fd00:ec2:0::254', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::/0', '2001:db8::1', true],
    ['127.0.0.0/8', '::ffff:127.0.0.1', true],
    ['::/0', '127.0.0.1', false],
    ['0.0.0.0/0', '::1', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(contains(cidr, ip)).toBe(expected);
  });

  it.each([
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '10.0.0.0/x',
    'example.com/8',
    '::ffff:10.0.0.0/104',
    '',
  ])('refuses the malformed CIDR "%s"', (cidr) => {
    expect(() => parseCidr(cidr)).toThrow(/Invalid CIDR/);
  });
});
