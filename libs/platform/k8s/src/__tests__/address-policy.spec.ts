import { describe, expect, it } from 'vitest';
import { AddressPolicy } from '../index.js';

// Decisions only: nothing here resolves a name or opens a socket.
describe('AddressPolicy (net.BlockList)', () => {
  const policy = new AddressPolicy();

  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.0.0.1', 'a private address (RFC 1918)'],
    ['172.31.255.255', 'a private address (RFC 1918)'],
    ['192.168.0.1', 'a private address (RFC 1918)'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['100.127.255.255', 'a carrier-grade NAT address'],
    ['169.254.169.254', 'the cloud metadata service'],
    ['fd00:ec2::254', 'the cloud metadata service'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fd12:3456::1', 'a unique local IPv6 address'],
    ['fc00::1', 'a unique local IPv6 address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'a reserved address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.1', 'a documentation address'],
    ['2001:db8::1', 'a documentation address'],
    ['198.19.0.1', 'a benchmarking address'],
    ['64:ff9b::a00:1', 'an IPv4-translation address'],
    ['2002:a00:1::', 'an IPv4-translation address'],
    // IPv4-mapped IPv6, dotted and hex: the IPv4 rules apply.
    ['::ffff:10.0.0.1', 'a private address (RFC 1918)'],
    ['::ffff:a00:1', 'a private address (RFC 1918)'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['::ffff:169.254.169.254', 'the cloud metadata service'],
    ['::ffff:100.64.0.1', 'a carrier-grade NAT address'],
    ['fe80::1%eth0', 'an address that cannot be parsed'],
    ['not-an-ip', 'an address that cannot be parsed'],
  ])('refuses %s as %s', (address, reason) => {
    expect(policy.refusal(address)).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '100.63.255.255',
    '100.128.0.1',
    '172.32.0.1',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
  ])('allows the public address %s', (address) => {
    expect(policy.refusal(address)).toBeUndefined();
  });

  it('opens exactly the ranges the operator allows, IPv4-mapped forms included', () => {
    const opened = new AddressPolicy(['10.1.0.0/16', 'fd00::/8', '127.0.0.1']);
    expect(opened.refusal('10.1.2.3')).toBeUndefined();
    expect(opened.refusal('::ffff:10.1.2.3')).toBeUndefined();
    expect(opened.refusal('10.2.0.1')).toBe('a private address (RFC 1918)');
    expect(opened.refusal('fd12::1')).toBeUndefined();
    expect(opened.refusal('fc00::1')).toBe('a unique local IPv6 address');
    expect(opened.refusal('127.0.0.1')).toBeUndefined();
    expect(opened.refusal('127.0.0.2')).toBe('a loopback address');
  });
});
