import { verifyInternalContext, sealToRecipient } from '@meshplane/auth';
import {
  CONNECTION_CREDENTIALS_AUDIENCE,
  connectionCredentialsAad,
  connectionCredentialsRequestSchema,
  type ConnectionCredentialsFailure,
  type ConnectionCredentialsResponse,
} from '@meshplane/contracts';
import {
  isClusterProbeError,
  renderKubeconfig,
  type SanitizedContext,
  type SealedContext,
} from '@meshplane/k8s';
import { CredentialsUnavailableError } from '../lifecycle/credentials-unavailable.error.js';

/** What answering needs from the connections feature: one connection of one organization, and opening it. */
export interface CredentialsSource {
  find(
    orgId: string,
    connectionId: string,
  ): Promise<{ status: string; credentials: SealedContext | null; clusterId: string | null } | null>;
  open(sealed: SealedContext, connectionId: string): Promise<SanitizedContext>;
}

/**
 * The answer to one connection-credentials request (pure of NATS, so every refusal is unit-tested): the signed
 * service context names the organization, only that organization's connected connection is answered, and its
 * kubeconfig leaves sealed to the asker's one-time key, bound to org, connection and operation.
 */
export async function answerConnectionCredentials(
  body: unknown,
  secrets: readonly string[],
  source: CredentialsSource,
  now?: number,
): Promise<ConnectionCredentialsResponse> {
  const parsed = connectionCredentialsRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse('INVALID', `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  const request = parsed.data;
  let orgId: string | undefined;
  let requestId: string;
  try {
    const context = verifyInternalContext(request.context, secrets, {
      audience: CONNECTION_CREDENTIALS_AUDIENCE,
      kind: 'service',
      ...(now !== undefined && { now }),
    });
    orgId = context.orgId;
    requestId = context.requestId;
  } catch {
    return refuse('UNAUTHORIZED', 'The request carries no valid service context for meshsync-ingest');
  }
  if (orgId === undefined || requestId === '')
    return refuse('UNAUTHORIZED', 'The service context names no organization or operation');

  const connection = await source.find(orgId, request.connectionId);
  const named = `Connection ${request.connectionId}`;
  if (!connection || connection.status === 'deleted') return refuse('NOT_FOUND', `${named} does not exist`);
  if (connection.status !== 'connected' || !connection.credentials)
    return refuse('NOT_CONNECTED', `${named} is ${connection.status}: connect it again first`);
  let context: SanitizedContext;
  try {
    context = await source.open(connection.credentials, request.connectionId);
  } catch (error) {
    if (error instanceof CredentialsUnavailableError)
      return refuse('UNAVAILABLE', `${named}: ${error.message} (an operator must act)`);
    if (isClusterProbeError(error) && error.code === 'NOT_ALLOWED')
      return refuse(
        'NOT_ALLOWED',
        `${named}: its cluster server is refused by this installation's network policy`,
      );
    throw error;
  }
  const kubeconfig = sealToRecipient(
    Buffer.from(renderKubeconfig(context), 'utf8'),
    request.recipientKey,
    connectionCredentialsAad(orgId, request.connectionId, requestId),
  );
  return { ok: true, kubeconfig, clusterId: connection.clusterId };
}

function refuse(code: ConnectionCredentialsFailure, message: string): ConnectionCredentialsResponse {
  return { ok: false, code, message: message.slice(0, 500) };
}
