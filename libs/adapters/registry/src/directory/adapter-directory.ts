import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { connectivityState } from '@grpc/grpc-js';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { parseAdapterAddress } from '../address/adapter-address.js';
import { type AdapterAddressPolicy } from '../address/adapter-address.policy.js';
import { ADAPTER_ADDRESS_POLICY } from '../address/address-policy.token.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config/registry.config.js';
import { type AdapterEntity } from '../entities/adapter.entity.js';
import { AdaptersRepository } from '../persistence/adapters.repository.js';
import { adapterChannel } from '../probe/adapter-channel.js';

export type AdapterConnection =
  | {
      readonly ok: true;
      readonly client: adapterV1.AdapterServiceClient;
      /**
       * Gives the client back (never close it: it is shared). `broken`: a call on it found the adapter unreachable,
       * so the channel is dropped (closed once no attempt uses it) and the next attempt connects afresh instead of
       * waiting out the channel's reconnect backoff.
       */
      release(outcome?: { broken: boolean }): void;
    }
  | { readonly ok: false; readonly reason: string };

/** How long a channel nobody uses stays open for the next operation on the same adapter. */
const IDLE_CHANNEL_MS = 30_000;

interface PooledChannel {
  readonly client: adapterV1.AdapterServiceClient;
  users: number;
  /** Out of the pool (found broken, or idle too long): closed when its last user releases it. */
  retired: boolean;
  idle?: NodeJS.Timeout;
}

/**
 * What other features of the broker (operations) know of adapters: which ones an organization may use (its own
 * and the operator's) and a client to one, opened only to an address the policy allows at that moment.
 */
@Injectable()
export class AdapterDirectory implements OnApplicationShutdown {
  /**
   * Open channels by what they were opened with (the checked address dialled, the authority, the TLS settings):
   * operations on one adapter share one HTTP/2 connection instead of a handshake each. The address policy still
   * decides at every connect, and only a channel to the address it just allowed is handed out.
   */
  private readonly channels = new Map<string, PooledChannel>();

  constructor(
    private readonly adapters: AdaptersRepository,
    @Inject(ADAPTER_ADDRESS_POLICY) private readonly policy: AdapterAddressPolicy,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  /** The adapter when `orgId` may use it (its own or the operator's), else null. */
  find(orgId: string, adapterId: string): Promise<AdapterEntity | null> {
    return this.adapters.find(orgId, adapterId);
  }

  /**
   * As find, inside a transaction the caller opened with `withTenant` for the organization (its row-level security
   * decides what is visible, as for find): saves a transaction where the caller reads its own rows beside.
   */
  findInTenantTransaction(tenantManager: EntityManager, adapterId: string): Promise<AdapterEntity | null> {
    return this.adapters.findWith(tenantManager, adapterId);
  }

  /** A client to the adapter (release it after use); refused when the address policy no longer allows it. */
  async connect(adapter: Pick<AdapterEntity, 'address' | 'tls'>): Promise<AdapterConnection> {
    const address = parseAdapterAddress(adapter.address);
    if ('error' in address) return { ok: false, reason: `address ${address.error}` };
    const decision = await this.policy.decide(address, adapter.tls !== null);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    const key = JSON.stringify([
      decision.address.dial,
      decision.address.authority,
      adapter.tls && createHash('sha256').update(JSON.stringify(adapter.tls)).digest('base64'),
    ]);
    let pooled = this.channels.get(key);
    if (pooled && !usable(pooled.client)) {
      // Failed since its last use (the adapter restarted, say): a fresh channel connects now, where this one
      // would fail calls until its reconnect backoff ends.
      this.retire(key, pooled);
      pooled = undefined;
    }
    if (!pooled) {
      const channel = adapterChannel(decision.address, adapter.tls, 1_000, this.config.clientIdentity);
      pooled = {
        client: new adapterV1.AdapterServiceClient(
          decision.address.dial,
          channel.credentials,
          channel.options,
        ),
        users: 0,
        retired: false,
      };
      this.channels.set(key, pooled);
    }
    const used = pooled;
    clearTimeout(used.idle);
    used.users += 1;
    let released = false;
    return {
      ok: true,
      client: used.client,
      release: (outcome) => {
        if (released) return;
        released = true;
        used.users -= 1;
        if (outcome?.broken || used.retired) this.retire(key, used);
        else if (used.users === 0)
          used.idle = setTimeout(() => this.retire(key, used), IDLE_CHANNEL_MS).unref();
      },
    };
  }

  /** After every shutdown hook (the executor leaves its runs first): nothing can use a channel any more. */
  onApplicationShutdown(): void {
    for (const pooled of this.channels.values()) {
      clearTimeout(pooled.idle);
      pooled.client.close();
    }
    this.channels.clear();
  }

  /** No operation gets this channel any more; it is closed once the last one using it is done. */
  private retire(key: string, pooled: PooledChannel): void {
    pooled.retired = true;
    clearTimeout(pooled.idle);
    if (this.channels.get(key) === pooled) this.channels.delete(key);
    if (pooled.users === 0) pooled.client.close();
  }
}

function usable(client: adapterV1.AdapterServiceClient): boolean {
  const state = client.getChannel().getConnectivityState(false);
  return state !== connectivityState.TRANSIENT_FAILURE && state !== connectivityState.SHUTDOWN;
}
