/** Stable codes a transport filter can map (401 for every token code, 503 for PROVIDER_UNAVAILABLE). */
export type AuthErrorCode =
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_INVALID'
  | 'TOKEN_REVOKED'
  | 'UNKNOWN_PROVIDER'
  | 'PROVIDER_UNAVAILABLE'
  | 'CONTEXT_MALFORMED'
  | 'CONTEXT_SIGNATURE_INVALID'
  | 'CONTEXT_EXPIRED'
  | 'CONTEXT_AUDIENCE_MISMATCH'
  | 'CONTEXT_KIND_MISMATCH';

// Messages are fixed per code so that nothing about keys, claims or upstream failures reaches a client.
const MESSAGES: Record<AuthErrorCode, string> = {
  TOKEN_EXPIRED: 'The token has expired.',
  TOKEN_NOT_YET_VALID: 'The token is not valid yet.',
  TOKEN_INVALID: 'The token is invalid.',
  TOKEN_REVOKED: 'The token has been revoked.',
  UNKNOWN_PROVIDER: 'The token was issued by an unknown provider.',
  PROVIDER_UNAVAILABLE: 'The identity provider is unavailable.',
  CONTEXT_MALFORMED: 'The internal context is malformed.',
  CONTEXT_SIGNATURE_INVALID: 'The internal context signature is invalid.',
  CONTEXT_EXPIRED: 'The internal context has expired.',
  CONTEXT_AUDIENCE_MISMATCH: 'The internal context was signed for another service.',
  CONTEXT_KIND_MISMATCH: 'The internal context is of the wrong kind for this endpoint.',
};

export class AuthError extends Error {
  override readonly name = 'AuthError';

  /** `cause` is kept for server-side logs only; never serialise it to a client. */
  constructor(
    readonly code: AuthErrorCode,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
