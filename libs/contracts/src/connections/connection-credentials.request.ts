import { z } from 'zod';
import { defineRequest } from '../messaging/request.definition.js';

/** The audience of the service context the broker signs to ask for a connection's credentials. */
export const CONNECTION_CREDENTIALS_AUDIENCE = 'meshsync-ingest';

const base64url = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be base64url`)
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `${what} must be ${bytes} bytes`);

/** A value sealed to one recipient's X25519 public key (see sealToRecipient in @meshplane/auth). */
export const sealedToRecipientSchema = z.object({
  scheme: z.literal('x25519-hkdf-sha256-aes256gcm'),
  /** The sender's ephemeral public key (raw, 32 bytes). */
  ephemeralKey: base64url(32, 'ephemeralKey'),
  iv: base64url(12, 'iv'),
  ciphertext: z
    .string()
    .max(2_000_000)
    .regex(/^[A-Za-z0-9_-]*$/, 'ciphertext must be base64url'),
  tag: base64url(16, 'tag'),
});
export type SealedToRecipient = z.infer<typeof sealedToRecipientSchema>;

export const connectionCredentialsRequestSchema = z.object({
  /**
   * A signed internal context of kind `service` for CONNECTION_CREDENTIALS_AUDIENCE, naming the organization the
   * operation runs in (`orgId`) and the operation (`requestId`): only that organization's connection is answered.
   */
  context: z.string().min(1).max(8_000),
  connectionId: z.uuid(),
  /** The asker's one-time X25519 public key (raw, base64url): the answer is sealed to it, never in clear. */
  recipientKey: base64url(32, 'recipientKey'),
});
export type ConnectionCredentialsRequest = z.infer<typeof connectionCredentialsRequestSchema>;

export const connectionCredentialsFailures = [
  /** The context is missing, forged, expired, for another service or names no organization. */
  'UNAUTHORIZED',
  /** The request does not match the contract. */
  'INVALID',
  /** No such connection in the organization (another organization's looks the same). */
  'NOT_FOUND',
  /** The connection exists but is not connected, or holds no credentials. */
  'NOT_CONNECTED',
  /** The cluster's server is refused by the network policy now. */
  'NOT_ALLOWED',
  /** The credentials cannot be opened here (no keyring, a key retired too early): an operator's problem. */
  'UNAVAILABLE',
] as const;
export type ConnectionCredentialsFailure = (typeof connectionCredentialsFailures)[number];

export const connectionCredentialsResponseSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** A kubeconfig (one cluster, user and context, rebuilt from Meshplane's allow-list) sealed to recipientKey. */
    kubeconfig: sealedToRecipientSchema,
    /** The cluster the connection reaches (its id in meshsync-ingest): the broker records it on the operation. */
    clusterId: z.uuid().nullable(),
  }),
  z.object({
    ok: z.literal(false),
    code: z.enum(connectionCredentialsFailures),
    /** Safe to show the organization: names the connection, never a secret or the server's address. */
    message: z.string().max(500),
  }),
]);
export type ConnectionCredentialsResponse = z.infer<typeof connectionCredentialsResponseSchema>;

/**
 * What binds a sealed answer to its question: the organization, the connection and the operation. An answer
 * replayed to another request (another org, connection or operation) fails authentication when opened.
 */
export function connectionCredentialsAad(orgId: string, connectionId: string, requestId: string): string {
  return `meshplane:connection-credentials:v1:${orgId}:${connectionId}:${requestId}`;
}

/**
 * adapters-broker → meshsync-ingest: one connection's cluster credentials for one operation attempt, sealed to a
 * key the broker made for that attempt. Core NATS request/reply: nothing is stored on a stream.
 */
export const connectionCredentialsRequest = defineRequest({
  subject: 'rpc.v1.connections.credentials',
  answeredBy: 'meshsync-ingest',
  askedBy: ['adapters-broker'],
  request: connectionCredentialsRequestSchema,
  response: connectionCredentialsResponseSchema,
  timeoutMs: 10_000,
});
