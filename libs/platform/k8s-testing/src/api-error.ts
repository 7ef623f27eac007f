/** The `Status` object the Kubernetes API returns for every failure. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message: string; field?: string }[];
  };
  code: number;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message: string; field?: string }[];
}

/** A failure carrying the exact `Status` the test server answers with (also thrown by its programmatic API). */
export class KubeApiError extends Error {
  readonly status: KubeStatus;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'KubeApiError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason;
  }
}

export const notFound = (resource: string, name: string, group = ''): KubeApiError =>
  new KubeApiError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, {
    name,
    group,
    kind: resource,
  });

export const alreadyExists = (resource: string, name: string, group = ''): KubeApiError =>
  new KubeApiError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
    name,
    group,
    kind: resource,
  });

export const conflict = (resource: string, name: string, group = ''): KubeApiError =>
  new KubeApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  );

export const badRequest = (message: string): KubeApiError => new KubeApiError(400, 'BadRequest', message);

export const invalid = (kind: string, name: string, message: string, group = ''): KubeApiError =>
  new KubeApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${message}`, { name, group, kind });

export const expired = (message: string): KubeApiError => new KubeApiError(410, 'Expired', message);

export const tooLargeResourceVersion = (requested: number, current: number): KubeApiError =>
  new KubeApiError(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`);

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}
