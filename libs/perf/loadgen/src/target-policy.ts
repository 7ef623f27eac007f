import { isIP } from 'node:net';
import { cidrBlockList } from '@meshplane/config';

/**
 * Which hosts a load test may target. Load is an attack when aimed at someone else, so the library refuses any
 * target beyond this machine's loopback unless its caller passes a policy that allows it. The check runs on the URL's
 * host before any socket (or DNS query) is opened.
 */
export interface TargetPolicy {
  /** Whether a host that is not loopback may be targeted (an IP literal without brackets, or a host name). */
  allows(host: string): boolean;
  /** Shown in the refusal, e.g. "loopback only" or "10.0.0.0/8, perf-target.internal". */
  readonly description: string;
}

export const LOOPBACK_ONLY: TargetPolicy = { allows: () => false, description: 'loopback only' };

/**
 * Allows IP literals inside the given CIDR blocks and the exact host names listed. Host names are taken at their word
 * (the library does not resolve them to check): list only names that the caller controls.
 */
export function allowTargets(allowed: {
  cidrs?: readonly string[];
  hosts?: readonly string[];
}): TargetPolicy {
  const blocks = cidrBlockList(allowed.cidrs ?? []);
  const hosts = new Set((allowed.hosts ?? []).map((host) => host.toLowerCase()));
  return {
    allows: (host) => {
      const family = isIP(host);
      if (family !== 0) return blocks.check(host, family === 4 ? 'ipv4' : 'ipv6');
      return hosts.has(host.toLowerCase());
    },
    description: [...(allowed.cidrs ?? []), ...hosts].join(', ') || 'loopback only',
  };
}

export class TargetRefusedError extends Error {
  readonly code = 'TARGET_REFUSED';
  constructor(
    readonly host: string,
    policy: TargetPolicy,
  ) {
    super(
      `load target ${host} refused: not loopback and not allowed by the target policy (${policy.description})`,
    );
    this.name = 'TargetRefusedError';
  }
}

/** Throws TargetRefusedError unless the URL's host is loopback or allowed by the policy. Opens nothing. */
export function assertTargetAllowed(url: URL, policy: TargetPolicy = LOOPBACK_ONLY): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackHost(host) || policy.allows(host)) return;
  throw new TargetRefusedError(host, policy);
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  return mapped !== undefined && mapped.startsWith('127.');
}
