import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { adapterChangedEvent, type AdapterChangedPayload } from '@meshplane/contracts';
import { Publisher } from '@meshplane/messaging';
import { Clock } from '@meshplane/runtime';
import { parseAdapterAddress } from '../address/adapter-address.js';
import { ADAPTER_ADDRESS_POLICY } from '../address/address-policy.token.js';
import { type AdapterAddressPolicy } from '../address/adapter-address.policy.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config/registry.config.js';
import { AdapterChecksRepository, type ClaimedCheck } from '../persistence/adapter-checks.repository.js';
import { catalogueDigest, probeAdapter, type ProbeResult } from '../probe/adapter-probe.js';
import { FingerprintRulesSync } from '../fingerprints/fingerprint-rules.sync.js';
import { nextHealth } from './health-state.js';

const BATCH = 20;
const MAX_TICK_MS = 1_000;

/**
 * Checks every adapter whose next check is due, on every replica: each claims due rows (FOR UPDATE SKIP LOCKED
 * plus a lease, in claim_due_adapter_checks), so one adapter is checked by one replica at a time and everything
 * about it (health, backoff, catalogue) lives in Postgres. Health or catalogue changes are announced on JetStream.
 */
@Injectable()
export class AdapterHealthWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AdapterHealthWorker.name);
  private readonly stop = new AbortController();
  private wakeUp?: () => void;
  private loop?: Promise<void>;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(ADAPTER_ADDRESS_POLICY) private readonly policy: AdapterAddressPolicy,
    private readonly checks: AdapterChecksRepository,
    private readonly publisher: Publisher,
    private readonly clock: Clock,
    private readonly fingerprints: FingerprintRulesSync,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.checks.syncConfigured(this.config.configured);
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    this.wakeUp?.();
    await this.loop;
    await this.fingerprints.settle();
  }

  /** Runs the next pass now (a registration wants its first check without waiting for the tick). */
  wake(): void {
    this.wakeUp?.();
  }

  /** One pass: claims what is due and checks it; returns how many adapters were checked. */
  async checkDue(): Promise<number> {
    let checked = 0;
    // A check may take every call's deadline; the lease outlives it so no other replica starts the same one.
    const leaseMs = this.config.callTimeoutMs * 6 + 5_000;
    for (;;) {
      const due = await this.checks.claimDue(leaseMs, BATCH);
      await Promise.all(
        due.map((claim) =>
          this.check(claim).catch((error: unknown) =>
            this.logger.warn(`check of adapter ${claim.id} failed: ${(error as Error).message}`),
          ),
        ),
      );
      checked += due.length;
      if (due.length < BATCH || this.stop.signal.aborted) return checked;
    }
  }

  private async check(claim: ClaimedCheck): Promise<void> {
    const result = await this.probe(claim);
    const transition = nextHealth(claim, result.outcome, this.config.backoff);
    const digest = result.catalogue ? catalogueDigest(result.catalogue) : undefined;
    const catalogueChanged = digest !== undefined && digest !== claim.catalogueDigest;
    const checkedAt = this.clock.now();
    const recorded = await this.checks.record(claim.id, {
      checkedAt,
      health: transition.health,
      lastError: transition.lastError,
      consecutiveFailures: transition.consecutiveFailures,
      nextCheckAt: new Date(checkedAt.getTime() + transition.nextCheckInMs),
      ...(catalogueChanged && result.catalogue && { catalogue: { value: result.catalogue, digest } }),
    });
    if (recorded && result.catalogue && result.catalogue.fingerprints.length > 0)
      // Not awaited: a slow or absent meshsync-ingest never delays the check (at most one sync per adapter at once).
      void this.fingerprints.start(
        claim.orgId ?? null,
        claim.id,
        result.catalogue.fingerprints,
        catalogueChanged,
      );
    if (!recorded || (!transition.changed && !catalogueChanged)) return;
    const payload: AdapterChangedPayload = {
      adapterId: claim.id,
      ...(claim.orgId && { orgId: claim.orgId }),
      address: claim.address,
      health: transition.health,
      previousHealth: claim.health,
      ...(transition.lastError && { lastError: transition.lastError }),
      ...(digest && { catalogueDigest: digest }),
      ...(catalogueChanged && result.catalogue && { catalogue: result.catalogue }),
      at: checkedAt.toISOString(),
    };
    await this.publisher.publish(adapterChangedEvent, payload, claim.orgId ? { tenant: claim.orgId } : {});
  }

  /** The address policy is applied again at every check: ADAPTER_ALLOW_CIDRS or DNS may have changed. */
  private async probe(claim: ClaimedCheck): Promise<ProbeResult> {
    const address = parseAdapterAddress(claim.address);
    if ('error' in address) return { outcome: { kind: 'unreachable', error: `address ${address.error}` } };
    const decision = await this.policy.decide(address, claim.tls !== null);
    if (!decision.allowed) return { outcome: { kind: 'unreachable', error: decision.reason } };
    return probeAdapter(decision.address, claim.tls, this.config.callTimeoutMs, this.config.clientIdentity);
  }

  private async run(): Promise<void> {
    const tickMs = Math.min(this.config.backoff.intervalMs, this.config.backoff.initialMs, MAX_TICK_MS);
    while (!this.stop.signal.aborted) {
      try {
        await this.checkDue();
      } catch (error) {
        this.logger.warn(`adapter check pass failed: ${(error as Error).message}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, tickMs);
        this.wakeUp = done;
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  }
}
