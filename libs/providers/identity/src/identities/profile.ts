import { createHash } from 'node:crypto';

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

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** A provider-supplied name made safe to show: controls and bidi overrides removed, at most 100 characters. */
export function displayName(raw: string): string {
  const cleaned = [...raw.replace(CONTROL, ' ').trim()].slice(0, 100).join('');
  return cleaned === '' ? 'Unnamed user' : cleaned;
}
