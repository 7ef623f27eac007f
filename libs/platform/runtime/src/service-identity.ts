import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/** Who this process is: stable for its lifetime, distinct per replica. */
export interface ServiceIdentity {
  service: string;
  version: string;
  instance: string;
  startedAt: Date;
}

export const SERVICE_IDENTITY = Symbol('meshplane:service-identity');

export function createServiceIdentity(service: string, version: string): ServiceIdentity {
  return {
    service,
    version,
    instance: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    startedAt: new Date(),
  };
}
