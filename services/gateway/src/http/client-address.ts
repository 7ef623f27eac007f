import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import { ipFamilyOf } from '@meshplane/config';

/** More hops than any real proxy chain: a longer header is not walked further (its left part is the client's). */
const MAX_HOPS = 20;

/**
 * The address a request comes from, for per-address limits (sign-in throttling, subscriptions per caller). Behind a
 * load balancer or ingress every peer is the proxy: without this, all clients would share one address, and one
 * attacker's failed sign-ins would lock everyone out. When the peer is a proxy the operator trusts
 * (TRUSTED_PROXY_CIDRS), the address is the right-most X-Forwarded-For entry that is not itself a trusted proxy:
 * entries further left are whatever the client wrote and are never believed. From any other peer the header is
 * ignored, so a client cannot choose its own address. Nothing trusted by default.
 */
export class ClientAddresses {
  constructor(private readonly trustedProxies: BlockList | undefined) {}

  of(req: IncomingMessage): string | undefined {
    const peer = req.socket.remoteAddress;
    // Every request passes here: without trusted proxies (the default) nothing is parsed.
    if (this.trustedProxies === undefined || peer === undefined || !this.trusted(peer)) return peer;
    const hops = forwardedFor(req.headers['x-forwarded-for']);
    for (let i = hops.length - 1; i >= Math.max(0, hops.length - MAX_HOPS); i--) {
      const hop = hops[i] ?? '';
      // A malformed entry was not written by a proxy that speaks the header: believe nothing left of it.
      if (ipFamilyOf(hop) === undefined) return peer;
      if (!this.trusted(hop)) return hop;
    }
    // Every hop is a trusted proxy (a client inside the trusted network): the left-most one walked is the client.
    return hops[Math.max(0, hops.length - MAX_HOPS)] ?? peer;
  }

  private trusted(address: string): boolean {
    const family = ipFamilyOf(address);
    return (
      this.trustedProxies !== undefined && family !== undefined && this.trustedProxies.check(address, family)
    );
  }
}

function forwardedFor(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
}
