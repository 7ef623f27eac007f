import { z } from 'zod';
import { envBoolean, envInt, loadConfig, processEnv, type Env } from '@meshplane/config';
import { parseCidr, type CredentialKeyring, type HostLookup, type ServerUrlPolicy } from '@meshplane/k8s';
import { parseCredentialKeyring } from './credentials-keyring.js';

const cidrList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const cidrs = value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
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

const keyring = z
  .string()
  .optional()
  .transform((value, ctx): CredentialKeyring | undefined => {
    if (value === undefined) return undefined;
    try {
      return parseCredentialKeyring(value);
    } catch (error) {
      // The message names the key's position, never its value.
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** The connections feature's variables; the service adds them to its config so a bad value fails start-up. */
export const CONNECTIONS_CONFIG_SHAPE = {
  /**
   * Operator opt-in for networks the SSRF policy refuses (private RFC 1918, CGNAT, ULA, loopback, link-local…);
   * none by default. Clusters on a private network need their range listed here.
   */
  KUBE_SERVER_ALLOW_CIDRS: cidrList,
  /** Plain-http API servers send credentials in clear text: off unless the operator says so. */
  KUBE_SERVER_ALLOW_INSECURE_HTTP: envBoolean(false),
  /** Keyring sealing stored cluster credentials, newest first (`k2:base64,k1:base64`). */
  CREDENTIALS_KEYS: keyring,
  CONNECTION_PING_INTERVAL_MS: envInt(30_000, 100, 86_400_000),
  /** Budget of one probe (version, kube-system, nodes) of a cluster. */
  CONNECTION_PROBE_TIMEOUT_MS: envInt(10_000, 100, 300_000),
  /** Probes of one organization running at once on a replica (imports, pings, reconnects together). */
  CONNECTION_PROBE_CONCURRENCY: envInt(4, 1, 64),
};

const connectionsConfigSchema = z.object(CONNECTIONS_CONFIG_SHAPE);

export interface ConnectionsConfig {
  readonly serverPolicy: ServerUrlPolicy;
  /** Absent when the operator has not configured CREDENTIALS_KEYS: nothing can be stored or opened then. */
  readonly keyring?: CredentialKeyring;
  readonly pingIntervalMs: number;
  readonly probeTimeoutMs: number;
  /** Most probes of one organization in flight at once on this replica. */
  readonly probeConcurrency: number;
}

/**
 * The feature's config from its variables. `resolveHost` replaces the system resolver in the SSRF policy: for
 * tests that need a name to resolve to a chosen address without touching DNS.
 */
export function loadConnectionsConfig(env: Env = processEnv(), resolveHost?: HostLookup): ConnectionsConfig {
  const raw = loadConfig(connectionsConfigSchema, env);
  return {
    serverPolicy: {
      allowCidrs: raw.KUBE_SERVER_ALLOW_CIDRS,
      allowInsecureHttp: raw.KUBE_SERVER_ALLOW_INSECURE_HTTP,
      ...(resolveHost && { resolve: resolveHost }),
    },
    ...(raw.CREDENTIALS_KEYS && { keyring: raw.CREDENTIALS_KEYS }),
    pingIntervalMs: raw.CONNECTION_PING_INTERVAL_MS,
    probeTimeoutMs: raw.CONNECTION_PROBE_TIMEOUT_MS,
    probeConcurrency: raw.CONNECTION_PROBE_CONCURRENCY,
  };
}

export const CONNECTIONS_CONFIG = Symbol('CONNECTIONS_CONFIG');
