import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cidrBlockList, envCidrList, loadConfig, parseCidr } from '../index.js';

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 networks and single hosts', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr(' fd00::/8 ')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    expect(parseCidr('127.0.0.1')).toEqual({ address: '127.0.0.1', prefix: 32, family: 'ipv4' });
    expect(parseCidr('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
  });

  it.each([
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/x',
    '10.0.0.0/8/8',
    'example.com/8',
    '',
    '10.0.0/8',
    'fe80::%eth0/64',
  ])('refuses %j', (cidr) => {
    expect(() => parseCidr(cidr)).toThrow(/Invalid CIDR/);
  });
});

describe('envCidrList', () => {
  const load = (value?: string) =>
    loadConfig(z.object({ ALLOW: envCidrList() }), value === undefined ? {} : { ALLOW: value });

  it('reads a comma-separated list, blank or unset as none', () => {
    expect(load(' 10.0.0.0/8 , fd00::/8,').ALLOW).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(load('').ALLOW).toEqual([]);
    expect(load().ALLOW).toEqual([]);
  });

  it('names the variable and the entry that is not a CIDR', () => {
    expect(() => load('10.0.0.0/8,10.0.0.0/40')).toThrow(/ALLOW.*"10\.0\.0\.0\/40" is not a CIDR/s);
  });
});

describe('cidrBlockList', () => {
  it('matches addresses inside its ranges, IPv4-mapped IPv6 included', () => {
    const list = cidrBlockList(['10.0.0.0/8', 'fd00::/8']);
    expect(list.check('10.1.2.3', 'ipv4')).toBe(true);
    expect(list.check('::ffff:10.1.2.3', 'ipv6')).toBe(true);
    expect(list.check('fd12::1', 'ipv6')).toBe(true);
    expect(list.check('11.0.0.1', 'ipv4')).toBe(false);
  });
});
