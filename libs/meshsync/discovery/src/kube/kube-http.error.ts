/** A failed call to a cluster's API: `status` is the HTTP (or watch Status) code, 0 when none was received. */
export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

export function isGone(error: unknown): boolean {
  return error instanceof KubeHttpError && error.status === 410;
}
