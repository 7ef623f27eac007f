import { z } from 'zod';
import { envBoolean, envCidrList, envInt } from '@meshplane/config';
import type { CredentialKeyring, HostLookup, ServerUrlPolicy } from '@meshplane/k8s';
import { parseCredentialKeyring } from './credentials-keyring.js';

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

/** The connections feature's variables, validated by the service at start (see connections.feature.ts). */
export const CONNECTIONS_CONFIG_SHAPE = {
  /**
   * Operator opt-in for networks the SSRF policy refuses (private RFC 1918, CGNAT, ULA, loopback, link-local…);
   * none by default. Clusters on a private network need their range listed here.
   */
  KUBE_SERVER_ALLOW_CIDRS: envCidrList(),
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

export interface ConnectionsConfig {
  /** What the SSRF policy lets through on top of public addresses (see SERVER_URL_POLICY). */
  readonly network: Pick<ServerUrlPolicy, 'allowCidrs' | 'allowInsecureHttp'>;
  /** Absent when the operator has not configured CREDENTIALS_KEYS: nothing can be stored or opened then. */
  readonly keyring?: CredentialKeyring;
  readonly pingIntervalMs: number;
  readonly probeTimeoutMs: number;
  /** Most probes of one organization in flight at once on this replica. */
  readonly probeConcurrency: number;
}

/** The feature's config from its validated variables. */
export function connectionsConfigOf(
  values: z.output<z.ZodObject<typeof CONNECTIONS_CONFIG_SHAPE>>,
): ConnectionsConfig {
  return {
    network: {
      allowCidrs: values.KUBE_SERVER_ALLOW_CIDRS,
      allowInsecureHttp: values.KUBE_SERVER_ALLOW_INSECURE_HTTP,
    },
    ...(values.CREDENTIALS_KEYS && { keyring: values.CREDENTIALS_KEYS }),
    pingIntervalMs: values.CONNECTION_PING_INTERVAL_MS,
    probeTimeoutMs: values.CONNECTION_PROBE_TIMEOUT_MS,
    probeConcurrency: values.CONNECTION_PROBE_CONCURRENCY,
  };
}

/** The SSRF policy every connection to a cluster goes through (ServerUrlPolicy: the network rules and the resolver). */
export function serverUrlPolicyOf(config: ConnectionsConfig, resolveHost?: HostLookup): ServerUrlPolicy {
  return { ...config.network, ...(resolveHost && { resolve: resolveHost }) };
}

export const CONNECTIONS_CONFIG = Symbol('CONNECTIONS_CONFIG');
export const SERVER_URL_POLICY = Symbol('SERVER_URL_POLICY');
