export type ClusterProbeErrorCode =
  | 'UNREACHABLE'
  | 'TLS'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_ALLOWED'
  | 'TIMEOUT'
  | 'BAD_RESPONSE';

/** Why a cluster could not be probed; `message` is safe to show the user, `cause` is for server logs. */
export class ClusterProbeError extends Error {
  override readonly name = 'ClusterProbeError';

  constructor(
    readonly code: ClusterProbeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isClusterProbeError(error: unknown): error is ClusterProbeError {
  return error instanceof ClusterProbeError;
}
