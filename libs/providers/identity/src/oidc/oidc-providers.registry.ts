import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JWK } from 'jose';
import { ValidationFailedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { IdTokenVerifier } from './id-token-verifier.js';
import { OidcClient, type ClientCredentials, type ProviderMetadata } from './oidc-client.js';
import { providerFailure, transportFailureOf } from './oidc-errors.js';
import { oidcProvidersOf, type OidcProviderEntry } from './oidc.config.js';
import { createPolicyFetch } from './policy-fetch.js';

const FETCH_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** After a failed discovery, callers get the failure without a new attempt for this long. */
const FAILURE_COOLDOWN_MS = 5_000;

export interface OidcProviderStatus {
  entry: OidcProviderEntry;
  /** The last discovery document fetched, possibly stale when the provider is unreachable now. */
  metadata?: ProviderMetadata;
  reachable: boolean;
}

interface Discovered {
  metadata?: ProviderMetadata;
  fetchedAt: number;
  reachable: boolean;
  failure?: Error;
}

/**
 * The configured OpenID Connect providers, their discovery documents (cached per replica for
 * OIDC_METADATA_TTL_SECONDS; a listing serves the last one, marked unreachable, when a refresh fails) and the
 * clients that talk to them, every request through the outbound address policy.
 */
@Injectable()
export class OidcProvidersRegistry {
  readonly client: OidcClient;
  readonly idTokens: IdTokenVerifier;
  private readonly providers: OidcProviderEntry[];
  private readonly discovered = new Map<string, Discovered>();
  private readonly inflight = new Map<string, Promise<Discovered>>();
  private readonly logger = new Logger('OidcProviders');

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {
    this.providers = oidcProvidersOf(config);
    const fetch = createPolicyFetch({
      policy: { allowCidrs: config.OIDC_ALLOW_CIDRS, allowInsecureHttp: config.OIDC_ALLOW_INSECURE_HTTP },
      timeoutMs: FETCH_TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    this.client = new OidcClient(fetch, config.OIDC_ALLOW_INSECURE_HTTP);
    this.idTokens = new IdTokenVerifier(fetch, clock);
  }

  entries(): readonly OidcProviderEntry[] {
    return this.providers;
  }

  find(name: string): OidcProviderEntry | undefined {
    return this.providers.find((entry) => entry.name === name);
  }

  entry(name: string): OidcProviderEntry {
    const entry = this.find(name);
    if (!entry)
      throw new ValidationFailedError('provider', `no OpenID Connect provider is configured as "${name}"`);
    return entry;
  }

  credentials(entry: OidcProviderEntry): ClientCredentials {
    const secret = this.config.OIDC_CLIENT_SECRETS[entry.name];
    const privateKey = this.config.OIDC_CLIENT_PRIVATE_KEYS[entry.name] as JWK | undefined;
    return {
      ...(secret === undefined ? {} : { secret }),
      ...(privateKey === undefined ? {} : { privateKey }),
    };
  }

  /**
   * A discovery document younger than the TTL, fetched now when needed; a provider that cannot be reached (or whose
   * address is refused) fails with the matching client error rather than a stale document: a sign-in through it
   * could not complete anyway.
   */
  async metadata(entry: OidcProviderEntry): Promise<ProviderMetadata> {
    const state = await this.fresh(entry);
    if (!state.reachable || state.metadata === undefined) {
      const failure = transportFailureOf(state.failure);
      if (failure) throw providerFailure(entry.name, failure);
      throw new Error(`discovery of ${entry.name} failed`, { cause: state.failure });
    }
    return state.metadata;
  }

  async status(entry: OidcProviderEntry): Promise<OidcProviderStatus> {
    const state = await this.fresh(entry);
    return { entry, reachable: state.reachable, ...(state.metadata ? { metadata: state.metadata } : {}) };
  }

  private async fresh(entry: OidcProviderEntry): Promise<Discovered> {
    const cached = this.discovered.get(entry.name);
    const age = cached === undefined ? Number.POSITIVE_INFINITY : this.clock.nowMs() - cached.fetchedAt;
    if (cached?.reachable && age < this.config.OIDC_METADATA_TTL_SECONDS * 1000) return cached;
    if (cached && !cached.reachable && age < FAILURE_COOLDOWN_MS) return cached;
    let pending = this.inflight.get(entry.name);
    if (!pending) {
      pending = this.discover(entry, cached).finally(() => this.inflight.delete(entry.name));
      this.inflight.set(entry.name, pending);
    }
    return pending;
  }

  private async discover(entry: OidcProviderEntry, previous: Discovered | undefined): Promise<Discovered> {
    let state: Discovered;
    try {
      state = { metadata: await this.client.discover(entry), fetchedAt: this.clock.nowMs(), reachable: true };
    } catch (error) {
      // The detail (which address, which status) is for the operator's log; clients get a fixed message.
      this.logger.warn(`discovery of OpenID Connect provider "${entry.name}" failed: ${describe(error)}`);
      state = {
        ...(previous?.metadata ? { metadata: previous.metadata } : {}),
        fetchedAt: this.clock.nowMs(),
        reachable: false,
        failure: error as Error,
      };
    }
    this.discovered.set(entry.name, state);
    return state;
  }
}

/** An error and its causes in one line, for the log. */
export function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    parts.push(`${current.name}${typeof code === 'string' ? ` ${code}` : ''}: ${current.message}`);
    current = current.cause;
  }
  return parts.join(' <- ') || String(error);
}
