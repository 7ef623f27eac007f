import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, NotFoundError, ValidationFailedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { formatAdapterAddress, parseAdapterAddress } from '../address/adapter-address.js';
import { type AdapterAddressPolicy } from '../address/adapter-address.policy.js';
import { ADAPTER_ADDRESS_POLICY } from '../address/address-policy.token.js';
import { type AdapterTls } from '../entities/adapter-catalogue.js';
import { AdapterEntity } from '../entities/adapter.entity.js';
import { AdapterHealthWorker } from '../health/adapter-health.worker.js';
import { AdapterAddressTakenError, AdaptersRepository } from '../persistence/adapters.repository.js';

const MAX_CA_PEM = 64 * 1024;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const SERVER_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export interface RegisterAdapterRequest {
  readonly orgId: string;
  readonly userId: string;
  readonly address: string;
  readonly tls?: { caPem: string; serverName?: string | null } | null;
}

/** Registering and removing an organization's adapters; the first check runs right after registration. */
@Injectable()
export class AdapterRegistryService {
  constructor(
    private readonly adapters: AdaptersRepository,
    @Inject(ADAPTER_ADDRESS_POLICY) private readonly policy: AdapterAddressPolicy,
    private readonly worker: AdapterHealthWorker,
    private readonly clock: Clock,
  ) {}

  /** Refuses an address outside the policy before any connection to it is attempted. */
  async register(request: RegisterAdapterRequest): Promise<AdapterEntity> {
    const address = parseAdapterAddress(request.address);
    if ('error' in address) throw new ValidationFailedError('input.address', address.error);
    const tls = tlsOf(request.tls);
    const decision = await this.policy.decide(address, tls !== null);
    if (!decision.allowed) {
      throw new DomainError('ADDRESS_NOT_ALLOWED', `input.address: ${decision.reason}`, {
        field: 'input.address',
      });
    }
    const now = this.clock.now();
    const row = Object.assign(new AdapterEntity(), {
      id: randomUUID(),
      orgId: request.orgId,
      name: null,
      address: formatAdapterAddress(address),
      tls,
      health: 'UNKNOWN',
      lastError: null,
      consecutiveFailures: 0,
      lastCheckedAt: null,
      nextCheckAt: now,
      checkLeaseUntil: null,
      mesh: null,
      catalogue: null,
      catalogueDigest: null,
      createdBy: request.userId,
      createdAt: now,
    } satisfies AdapterEntity);
    try {
      await this.adapters.insert(row);
    } catch (error) {
      if (error instanceof AdapterAddressTakenError) throw new DomainError('CONFLICT', error.message);
      throw error;
    }
    this.worker.wake();
    return row;
  }

  /** An operator's adapter is visible but not the organization's to remove: refused, not hidden. */
  async unregister(orgId: string, id: string): Promise<boolean> {
    const row = await this.adapters.find(orgId, id);
    if (!row) throw new NotFoundError('Adapter');
    if (row.orgId === null) {
      throw new DomainError(
        'FORBIDDEN',
        'configured by the operator (ADAPTERS): only the operator removes it',
      );
    }
    return this.adapters.delete(orgId, id);
  }
}

function tlsOf(input: RegisterAdapterRequest['tls']): AdapterTls | null {
  if (!input) return null;
  if (input.caPem.length > MAX_CA_PEM) {
    throw new ValidationFailedError('input.tls.caPem', 'is larger than 64 KiB');
  }
  if (!CERTIFICATE.test(input.caPem)) {
    throw new ValidationFailedError('input.tls.caPem', 'must hold a PEM certificate (BEGIN CERTIFICATE)');
  }
  const serverName = input.serverName ?? undefined;
  if (serverName !== undefined && !SERVER_NAME.test(serverName)) {
    throw new ValidationFailedError('input.tls.serverName', 'is not a valid DNS name');
  }
  return { caPem: input.caPem, ...(serverName !== undefined && { serverName }) };
}
