import { Inject, Injectable } from '@nestjs/common';
import type { RemoteProviderEntry } from '@meshplane/auth';
import { ValidationFailedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import {
  capabilitiesSchema,
  DEFAULT_ENDPOINTS,
  type Capabilities,
  type EndpointFeature,
} from './capabilities.schema.js';

const FETCH_TIMEOUT_MS = 5_000;

export interface ProviderStatus {
  entry: RemoteProviderEntry;
  /** The last document fetched, possibly stale when the provider is unreachable now. */
  capabilities?: Capabilities;
  reachable: boolean;
}

interface CacheEntry {
  capabilities?: Capabilities;
  reachable: boolean;
  fetchedAt: number;
}

/** The configured remote providers and their capabilities, cached for a TTL and served stale when a fetch fails. */
@Injectable()
export class RemoteProvidersRegistry {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<CacheEntry>>();

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  entries(): readonly RemoteProviderEntry[] {
    return this.config.REMOTE_PROVIDERS;
  }

  /** The provider named `name`, or BAD_USER_INPUT naming the `provider` argument. */
  entry(name: string): RemoteProviderEntry {
    const entry = this.config.REMOTE_PROVIDERS.find((candidate) => candidate.name === name);
    if (!entry) throw new ValidationFailedError('provider', `no remote provider is configured as "${name}"`);
    return entry;
  }

  async status(name: string): Promise<ProviderStatus> {
    const entry = this.entry(name);
    const cached = await this.fresh(entry);
    return {
      entry,
      reachable: cached.reachable,
      ...(cached.capabilities === undefined ? {} : { capabilities: cached.capabilities }),
    };
  }

  /** Absolute URL of a feature's endpoint at the provider. */
  async endpoint(name: string, feature: EndpointFeature): Promise<URL> {
    const { entry, capabilities } = await this.status(name);
    return new URL(`${entry.baseUrl}${pathOf(capabilities, feature) ?? DEFAULT_ENDPOINTS[feature]}`);
  }

  /**
   * Absolute URL of an optional feature's endpoint (e.g. `persist-performance-results`); null when the provider does
   * not advertise it. Throws ProviderUnreachableError when its capabilities were never fetched (it is unreachable):
   * whether it offers the feature is unknown then, which is not the same as "no".
   */
  async advertised(name: string, feature: string): Promise<URL | null> {
    const { entry, capabilities } = await this.status(name);
    if (!capabilities) throw new ProviderUnreachableError(name);
    const path = pathOf(capabilities, feature);
    return path === undefined ? null : new URL(`${entry.baseUrl}${path}`);
  }

  private async fresh(entry: RemoteProviderEntry): Promise<CacheEntry> {
    const cached = this.cache.get(entry.name);
    if (
      cached &&
      this.clock.nowMs() - cached.fetchedAt < this.config.REMOTE_CAPABILITIES_TTL_SECONDS * 1000
    ) {
      return cached;
    }
    const pending = this.inflight.get(entry.name) ?? this.refetch(entry, cached);
    this.inflight.set(entry.name, pending);
    try {
      return await pending;
    } finally {
      this.inflight.delete(entry.name);
    }
  }

  private async refetch(entry: RemoteProviderEntry, previous: CacheEntry | undefined): Promise<CacheEntry> {
    let next: CacheEntry;
    try {
      next = { capabilities: await fetchCapabilities(entry), reachable: true, fetchedAt: this.clock.nowMs() };
    } catch {
      next = {
        ...(previous?.capabilities === undefined ? {} : { capabilities: previous.capabilities }),
        reachable: false,
        fetchedAt: this.clock.nowMs(),
      };
    }
    this.cache.set(entry.name, next);
    return next;
  }
}

/** The path a provider's capabilities give a feature, if they name it. */
function pathOf(capabilities: Capabilities | undefined, feature: string): string | undefined {
  return capabilities?.features.find((candidate) => candidate.feature === feature)?.endpoint;
}

export class ProviderUnreachableError extends Error {
  constructor(readonly provider: string) {
    super(`remote provider "${provider}" could not be reached for its capabilities`);
    this.name = 'ProviderUnreachableError';
  }
}

async function fetchCapabilities(entry: RemoteProviderEntry): Promise<Capabilities> {
  const response = await fetch(`${entry.baseUrl}/capabilities`, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`capabilities answered ${response.status}`);
  return capabilitiesSchema.parse(await response.json());
}
