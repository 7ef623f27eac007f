import net from 'node:net';

/**
 * Refuses, before anything is dialled, every TCP connection this process would open to anything but loopback
 * (127.0.0.0/8, ::1, localhost): tests and benchmarks send traffic to this machine only, even when a library
 * decides on its own to call home (as `@apollo/gateway`'s telemetry did, probing cloud metadata addresses).
 * `onRefused` hears each refused host; the returned function restores the original behaviour.
 */
export function guardLoopbackOnly(onRefused: (host: string) => void): () => void {
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const host = targetHost(args);
    if (host !== undefined && !isLoopbackHost(host)) {
      onRefused(host);
      process.nextTick(() => this.destroy(new Error(`loopback only: refused a connection to ${host}`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  return () => {
    net.Socket.prototype.connect = original;
  };
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  return mapped !== undefined && mapped.startsWith('127.');
}

/** The host a Socket#connect call dials, or undefined for a Unix socket (which stays on this machine). */
function targetHost(args: unknown[]): string | undefined {
  // net.connect() hands Socket#connect its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    if (options.path) return undefined;
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string') return undefined;
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}
