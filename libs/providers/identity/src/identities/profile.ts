import { createHash } from 'node:crypto';
import { replaceControlCharacters } from '@meshplane/graphql';

/** The domain of placeholder addresses (`.invalid` never delivers): no provider may claim an address in it. */
export const PLACEHOLDER_DOMAIN = 'identities.invalid';

/**
 * Deterministic, so two racing first sightings of one identity create the same user. `key` is what identifies the
 * identity (a remote provider and subject, or an issuer and subject).
 */
export function placeholderEmail(provider: string, key: string): string {
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 24);
  return `${provider}.${digest}@${PLACEHOLDER_DOMAIN}`;
}

/** A provider-supplied name made safe to show: controls and bidi overrides removed, at most 100 characters. */
export function displayName(raw: string): string {
  const cleaned = [...replaceControlCharacters(raw, ' ').trim()].slice(0, 100).join('');
  return cleaned === '' ? 'Unnamed user' : cleaned;
}
