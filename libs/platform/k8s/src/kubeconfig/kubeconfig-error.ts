/** Stable codes for why an uploaded kubeconfig (or one of its server URLs) was refused. */
export type KubeconfigErrorCode =
  | 'TOO_LARGE'
  | 'INVALID_YAML'
  | 'UNSUPPORTED_VERSION'
  | 'REFUSED_FIELD'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD'
  | 'UNKNOWN_REFERENCE'
  | 'UNKNOWN_CONTEXT'
  | 'SERVER_NOT_ALLOWED'
  | 'SERVER_UNRESOLVABLE';

/**
 * `field` is a path into the uploaded document (`users[0].user.exec`) so the user can fix the file. Messages
 * name fields and rules, never values: a kubeconfig is full of credentials.
 */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';

  constructor(
    readonly code: KubeconfigErrorCode,
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${reason}`, options);
  }

  /** The same refusal reported against another field (e.g. a URL check re-attributed to its cluster entry). */
  at(field: string): KubeconfigError {
    return new KubeconfigError(this.code, field, this.reason, { cause: this.cause });
  }
}

export function isKubeconfigError(error: unknown): error is KubeconfigError {
  return error instanceof KubeconfigError;
}
