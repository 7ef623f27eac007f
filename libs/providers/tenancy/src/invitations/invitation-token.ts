import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'mpinv_';

export function newInvitationToken(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Tokens are 256 random bits, so a plain SHA-256 is enough: there is nothing to brute-force. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
