import { openSecret, sealedKeyId, sealSecret, secretKeyId } from '@meshplane/auth';
import { type SanitizedContext, type SanitizedUser } from '../kubeconfig/sanitized-context.js';

const SECRET_FIELDS = ['token', 'password', 'clientKeyData'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

/** A context safe to store in a connection row: the secret parts are AES-256-GCM envelopes. */
export interface SealedContext extends Omit<SanitizedContext, 'user'> {
  readonly user: Omit<SanitizedUser, SecretField> & { readonly sealed: Partial<Record<SecretField, string>> };
}

export interface CredentialKeyring {
  /** Seals new values. */
  readonly currentKeyB64: string;
  /** Retired keys still accepted when opening, until every value has been re-sealed. */
  readonly keysB64?: readonly string[];
}

/**
 * `connectionId` and the field name are the AAD: a sealed token copied into another connection's row, or
 * into the password slot, fails authentication instead of being used.
 */
export function sealCredentials(
  ctx: SanitizedContext,
  keyring: CredentialKeyring,
  connectionId: string,
): SealedContext {
  const { user } = ctx;
  const sealed: Partial<Record<SecretField, string>> = {};
  for (const field of SECRET_FIELDS) {
    const value = user[field];
    if (value !== undefined)
      sealed[field] = sealSecret(value, keyring.currentKeyB64, aad(connectionId, field));
  }
  return { ...ctx, user: { ...withoutSecrets(user), sealed } };
}

export function openCredentials(
  sealed: SealedContext,
  keyring: CredentialKeyring,
  connectionId: string,
): SanitizedContext {
  const keys = [keyring.currentKeyB64, ...(keyring.keysB64 ?? [])];
  const { sealed: envelopes, ...user } = sealed.user;
  const opened: Partial<Record<SecretField, string>> = {};
  for (const field of SECRET_FIELDS) {
    const envelope = envelopes[field];
    if (envelope !== undefined) opened[field] = openSecret(envelope, keys, aad(connectionId, field));
  }
  return { ...sealed, user: { ...user, ...opened } };
}

/** Re-seals every value not already under `newKeyB64`; values already rotated are returned untouched. */
export function rotateSealed(
  sealed: SealedContext,
  newKeyB64: string,
  oldKeysB64: readonly string[],
  connectionId: string,
): SealedContext {
  const newKeyId = secretKeyId(newKeyB64);
  const envelopes: Partial<Record<SecretField, string>> = {};
  for (const field of SECRET_FIELDS) {
    const envelope = sealed.user.sealed[field];
    if (envelope === undefined) continue;
    envelopes[field] =
      sealedKeyId(envelope) === newKeyId
        ? envelope
        : sealSecret(
            openSecret(envelope, oldKeysB64, aad(connectionId, field)),
            newKeyB64,
            aad(connectionId, field),
          );
  }
  return { ...sealed, user: { ...sealed.user, sealed: envelopes } };
}

/** True when some value is sealed with another key than `currentKeyB64` (a rotation job's filter). */
export function needsResealing(sealed: SealedContext, currentKeyB64: string): boolean {
  const currentId = secretKeyId(currentKeyB64);
  return Object.values(sealed.user.sealed).some((envelope) => sealedKeyId(envelope) !== currentId);
}

function withoutSecrets(user: SanitizedUser): Omit<SanitizedUser, SecretField> {
  const { token: _token, password: _password, clientKeyData: _key, ...rest } = user;
  return rest;
}

function aad(connectionId: string, field: SecretField): string {
  if (connectionId.length === 0) throw new Error('A connection id is required to seal or open credentials');
  return `k8s-credential:${connectionId}:${field}`;
}
