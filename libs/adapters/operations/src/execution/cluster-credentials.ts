import { Inject, Injectable } from '@nestjs/common';
import { openFromSender, recipientKeyPair, signInternalContext } from '@meshplane/auth';
import type { ServiceEnv } from '@meshplane/config';
import {
  CONNECTION_CREDENTIALS_AUDIENCE,
  connectionCredentialsAad,
  connectionCredentialsRequest,
} from '@meshplane/contracts';
import { askRequest, MessagingClient } from '@meshplane/messaging';
import { Clock } from '@meshplane/runtime';
import { SERVICE_CONFIG } from '@meshplane/service-kit';

/** The context lives just long enough for the request: a captured one is useless a few seconds later. */
const CONTEXT_TTL_MS = 30_000;

export type CredentialsFetch =
  | { readonly ok: true; readonly kubeconfig: Buffer; readonly clusterId: string | null }
  /** `retry`: meshsync-ingest did not answer (down, restarting): nothing was sent, the attempt may be repeated. */
  | { readonly ok: false; readonly retry: boolean; readonly message: string };

/**
 * One connection's kubeconfig for one attempt of one operation, asked of meshsync-ingest over core NATS
 * (connectionCredentialsRequest). The answer is sealed to a key made for this request only and bound to the org,
 * connection and operation; it is opened in memory, handed to the adapter's call and never stored, cached or logged.
 */
@Injectable()
export class ClusterCredentials {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnv,
    private readonly messaging: MessagingClient,
    private readonly clock: Clock,
  ) {}

  async fetch(orgId: string, connectionId: string, operationId: string): Promise<CredentialsFetch> {
    const [secret] = this.config.INTERNAL_CONTEXT_SECRET;
    if (secret === undefined)
      return { ok: false, retry: false, message: 'no internal context secret is configured' };
    const keys = recipientKeyPair();
    const context = signInternalContext({ orgId, roles: [], requestId: operationId }, secret, {
      ttlMs: CONTEXT_TTL_MS,
      audience: CONNECTION_CREDENTIALS_AUDIENCE,
      kind: 'service',
      now: this.clock.nowMs(),
    });
    const named = `the credentials of connection ${connectionId}`;
    const outcome = await askRequest(this.messaging, connectionCredentialsRequest, {
      context,
      connectionId,
      recipientKey: keys.publicKey,
    });
    if (outcome.kind === 'unanswered')
      return {
        ok: false,
        retry: true,
        message: `${named} could not be fetched from meshsync-ingest: ${outcome.message}`,
      };
    if (outcome.kind === 'malformed')
      return {
        ok: false,
        retry: false,
        message: `meshsync-ingest answered for ${named} outside the contract`,
      };
    const answer = outcome.response;
    if (!answer.ok) return { ok: false, retry: false, message: `${answer.message} (${answer.code})` };
    try {
      return {
        ok: true,
        clusterId: answer.clusterId,
        kubeconfig: openFromSender(
          answer.kubeconfig,
          keys,
          connectionCredentialsAad(orgId, connectionId, operationId),
        ),
      };
    } catch {
      return { ok: false, retry: false, message: `${named} arrived sealed for another request` };
    }
  }
}
