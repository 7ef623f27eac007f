/** A request the gateway refuses before planning it: the status and a fixed, detail-free message per code. */
export class AuthFailure extends Error {
  override readonly name = 'AuthFailure';

  constructor(
    readonly status: 400 | 401 | 403 | 503,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The GraphQL-shaped body sent to the client (no cause, no token, no upstream detail). */
  toBody(): { errors: { message: string; extensions: Record<string, string> }[] } {
    const code =
      this.status === 401
        ? 'UNAUTHENTICATED'
        : this.status === 403
          ? 'FORBIDDEN'
          : this.status === 400
            ? 'BAD_REQUEST'
            : 'SERVICE_UNAVAILABLE';
    return { errors: [{ message: this.message, extensions: { code, reason: this.code } }] };
  }
}
