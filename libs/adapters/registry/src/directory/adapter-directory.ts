import { Inject, Injectable } from '@nestjs/common';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { parseAdapterAddress } from '../address/adapter-address.js';
import { type AdapterAddressPolicy } from '../address/adapter-address.policy.js';
import { ADAPTER_ADDRESS_POLICY } from '../address/address-policy.token.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config/registry.config.js';
import { type AdapterEntity } from '../entities/adapter.entity.js';
import { AdaptersRepository } from '../persistence/adapters.repository.js';
import { adapterChannel } from '../probe/adapter-channel.js';

export type AdapterConnection =
  | { readonly ok: true; readonly client: adapterV1.AdapterServiceClient }
  | { readonly ok: false; readonly reason: string };

/**
 * What other features of the broker (operations) know of adapters: which ones an organization may use (its own
 * and the operator's) and a client to one, opened only to an address the policy allows at that moment.
 */
@Injectable()
export class AdapterDirectory {
  constructor(
    private readonly adapters: AdaptersRepository,
    @Inject(ADAPTER_ADDRESS_POLICY) private readonly policy: AdapterAddressPolicy,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  /** The adapter when `orgId` may use it (its own or the operator's), else null. */
  find(orgId: string, adapterId: string): Promise<AdapterEntity | null> {
    return this.adapters.find(orgId, adapterId);
  }

  /** A client to the adapter (close it after use); refused when the address policy no longer allows it. */
  async connect(adapter: Pick<AdapterEntity, 'address' | 'tls'>): Promise<AdapterConnection> {
    const address = parseAdapterAddress(adapter.address);
    if ('error' in address) return { ok: false, reason: `address ${address.error}` };
    const decision = await this.policy.decide(address, adapter.tls !== null);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    const channel = adapterChannel(decision.address, adapter.tls, 1_000, this.config.clientIdentity);
    return {
      ok: true,
      client: new adapterV1.AdapterServiceClient(decision.address.dial, channel.credentials, channel.options),
    };
  }
}
