import { Inject, Injectable } from '@nestjs/common';
import {
  buildKubeConfig,
  checkServerUrl,
  ClusterProbeError,
  isClusterProbeError,
  isKubeconfigError,
  openCredentials,
  probeCluster,
  type ClusterProbe,
  type SanitizedContext,
  type SealedContext,
  type ServerUrlPolicy,
} from '@meshplane/k8s';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  CONNECTIONS_CONFIG,
  SERVER_URL_POLICY,
  type ConnectionsConfig,
} from '../config/connections.config.js';
import { CredentialsUnavailableError } from './credentials-unavailable.error.js';

/** What a probe found: the cluster, or why it could not be reached (a message safe to show the user). */
export type ProbeOutcome =
  | { readonly ok: true; readonly probe: ClusterProbe }
  | { readonly ok: false; readonly message: string };

/** Opens a connection's sealed credentials and talks to its cluster, always through the SSRF policy. */
@Injectable()
export class ConnectionProber {
  constructor(
    @Inject(CONNECTIONS_CONFIG) private readonly config: ConnectionsConfig,
    @Inject(SERVER_URL_POLICY) private readonly serverPolicy: ServerUrlPolicy,
  ) {}

  async probe(sealed: SealedContext, connectionId: string): Promise<ProbeOutcome> {
    let context: SanitizedContext;
    try {
      context = this.open(sealed, connectionId);
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
    try {
      const probe = await probeCluster(buildKubeConfig(context, this.serverPolicy), {
        timeoutMs: this.config.probeTimeoutMs,
      });
      return { ok: true, probe };
    } catch (error) {
      if (isClusterProbeError(error)) return { ok: false, message: describe(error) };
      throw error;
    }
  }

  /**
   * A client-node KubeConfig for a long-lived client; the server URL is re-checked against the policy first, and
   * every agent the KubeConfig builds checks the address of each connection it opens (lists and watches too).
   */
  async kubeConfig(sealed: SealedContext, connectionId: string): Promise<KubeConfig> {
    return buildKubeConfig(await this.checkedContext(sealed, connectionId), this.serverPolicy);
  }

  /**
   * The opened credentials, after re-checking their server against the policy: for a process that connects itself
   * (an adapter, through adapters-broker). Throws CredentialsUnavailableError or ClusterProbeError (NOT_ALLOWED).
   */
  async checkedContext(sealed: SealedContext, connectionId: string): Promise<SanitizedContext> {
    const context = this.open(sealed, connectionId);
    try {
      await checkServerUrl(context.cluster.server, this.serverPolicy);
    } catch (error) {
      if (isKubeconfigError(error))
        throw new ClusterProbeError('NOT_ALLOWED', `The cluster server is not allowed: ${error.reason}`);
      throw error;
    }
    return context;
  }

  private open(sealed: SealedContext, connectionId: string): SanitizedContext {
    const keyring = this.config.keyring;
    if (!keyring) throw new CredentialsUnavailableError('CREDENTIALS_KEYS is not configured');
    try {
      return openCredentials(sealed, keyring, connectionId);
    } catch {
      // The cause can name a key id; the user only needs to know an operator has to act.
      throw new CredentialsUnavailableError(
        'the stored credentials cannot be opened with the configured keys',
      );
    }
  }
}

function describe(error: ClusterProbeError): string {
  return `${error.code}: ${error.message}`;
}
