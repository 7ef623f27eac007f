import { isIP } from 'node:net';

/** Where an adapter listens: a host (name or IP literal, IPv6 without brackets) and a port. */
export interface AdapterAddress {
  readonly host: string;
  readonly port: number;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** `host:port` or `[v6]:port`; the reason names what is wrong, never echoes more than the input itself. */
export function parseAdapterAddress(text: string): AdapterAddress | { error: string } {
  const value = text.trim();
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value) ?? /^([^:[\]]+):(\d{1,5})$/.exec(value);
  if (!match) return { error: 'must be host:port (an IPv6 address in brackets: [::1]:50051)' };
  const [, host = '', portText = ''] = match;
  const port = Number(portText);
  if (port < 1 || port > 65_535) return { error: 'port must be between 1 and 65535' };
  const bracketed = value.startsWith('[');
  if (bracketed && isIP(host) !== 6) return { error: 'brackets hold an IPv6 address only' };
  if (!bracketed && isIP(host) === 0 && !HOSTNAME.test(host)) return { error: 'host is not a valid name' };
  return { host: host.toLowerCase(), port };
}

/** The address as gRPC dials it: IPv6 literals in brackets. */
export function formatAdapterAddress({ host, port }: AdapterAddress): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
