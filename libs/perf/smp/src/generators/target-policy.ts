import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

export class TargetNotAllowedError extends Error {
  readonly code = 'PERF_TARGET_NOT_ALLOWED';

  constructor(message: string) {
    super(message);
    this.name = 'TargetNotAllowedError';
  }
}

/**
 * Load goes to loopback only, decided from the URL alone before anything is spawned: the host must be a literal
 * loopback address. Names (even `localhost`) are refused rather than resolved, so a resolver answer cannot move the
 * load elsewhere between the check and the tool's own lookup.
 */
export function assertLoopbackTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TargetNotAllowedError(`"${target.slice(0, 200)}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetNotAllowedError(`${url.protocol} targets are not supported (http or https)`);
  }
  if (url.username || url.password) throw new TargetNotAllowedError('target URLs must not carry credentials');
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const family = isIP(host);
  if (family === 0) {
    throw new TargetNotAllowedError(
      `load targets must be a loopback address (127.0.0.1 or [::1]), not the name "${host}"`,
    );
  }
  if (!LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6')) {
    throw new TargetNotAllowedError(`load targets must be a loopback address; ${host} is not`);
  }
  return url;
}
