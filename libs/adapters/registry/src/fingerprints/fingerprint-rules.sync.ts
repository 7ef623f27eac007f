import { Inject, Injectable, Logger } from '@nestjs/common';
import { signInternalContext } from '@meshplane/auth';
import type { ServiceEnv } from '@meshplane/config';
import { FINGERPRINT_RULES_AUDIENCE, fingerprintRulesRequest } from '@meshplane/contracts';
import { askRequest, MessagingClient } from '@meshplane/messaging';
import { Clock } from '@meshplane/runtime';
import { SERVICE_CONFIG } from '@meshplane/service-kit';

const CONTEXT_TTL_MS = 30_000;
/** An unchanged catalogue's rules are sent again at most this often (a registration missed meanwhile is made up). */
export const FINGERPRINT_RESYNC_MS = 10 * 60_000;
/** How many adapters' last sync times a replica remembers (a forgotten one is just sent again). */
const REMEMBERED = 10_000;

/**
 * Hands an organization's adapter's fingerprint rules to discovery (meshsync-ingest, over
 * rpc.v1.discovery.fingerprints), which registers them for that organization as registerMeshFingerprint would. Sent
 * when a check finds the catalogue changed, and otherwise again at most every FINGERPRINT_RESYNC_MS per adapter
 * (until discovery accepted them, at every check): the same rules again change nothing, so a registration missed
 * while meshsync-ingest was away is made up without a record of it in the database. What a replica remembers here is
 * only when it last succeeded; losing it (a restart, another replica) costs one more request. An operator's adapter
 * (every organization's) registers its rules for the whole platform (`platform`, a context naming no organization).
 */
@Injectable()
export class FingerprintRulesSync {
  private readonly logger = new Logger(FingerprintRulesSync.name);
  private readonly lastSynced = new Map<string, number>();
  /** Adapters whose rules are on their way: a check meanwhile sends nothing more. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnv,
    private readonly messaging: MessagingClient,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts a sync without waiting for it (a health check must not wait up to the request's timeout on discovery):
   * at most one per adapter at a time. Resolves when that sync ends; never rejects.
   */
  start(
    orgId: string | null,
    adapterId: string,
    rules: Record<string, unknown>[],
    changed: boolean,
  ): Promise<void> {
    const pending = this.inFlight.get(adapterId);
    if (pending) return pending;
    const started = this.sync(orgId, adapterId, rules, changed)
      .catch((error: unknown) => this.logger.warn(`adapter ${adapterId}: ${(error as Error).message}`))
      .finally(() => this.inFlight.delete(adapterId));
    this.inFlight.set(adapterId, started);
    return started;
  }

  /** Waits for the syncs under way (shutdown). */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }

  /**
   * `orgId` null: an operator's adapter, whose rules discovery registers for every organization (`platform`).
   * `changed`: the catalogue is new, so what discovery says about it is worth a log line. Never throws.
   */
  async sync(
    orgId: string | null,
    adapterId: string,
    rules: Record<string, unknown>[],
    changed: boolean,
  ): Promise<void> {
    const [secret] = this.config.INTERNAL_CONTEXT_SECRET;
    if (secret === undefined || rules.length === 0) return;
    const last = this.lastSynced.get(adapterId);
    if (!changed && last !== undefined && this.clock.nowMs() - last < FINGERPRINT_RESYNC_MS) return;
    const say = (message: string) => (changed ? this.logger.warn(message) : this.logger.debug(message));
    const context = signInternalContext(
      { ...(orgId === null ? {} : { orgId }), roles: [], requestId: adapterId },
      secret,
      {
        ttlMs: CONTEXT_TTL_MS,
        audience: FINGERPRINT_RULES_AUDIENCE,
        kind: 'service',
        now: this.clock.nowMs(),
      },
    );
    const outcome = await askRequest(this.messaging, fingerprintRulesRequest, {
      context,
      adapterId,
      rules: rules.slice(0, 100),
      ...(orgId === null ? { platform: true } : {}),
    });
    if (outcome.kind === 'unanswered')
      return say(`adapter ${adapterId}: its fingerprint rules did not reach discovery (${outcome.message})`);
    if (outcome.kind === 'malformed')
      return say(`adapter ${adapterId}: discovery answered outside the contract`);
    const answer = outcome.response;
    if (!answer.ok)
      return say(`adapter ${adapterId}: discovery refused its fingerprint rules: ${answer.message}`);
    this.lastSynced.delete(adapterId);
    this.lastSynced.set(adapterId, this.clock.nowMs());
    if (this.lastSynced.size > REMEMBERED)
      this.lastSynced.delete(this.lastSynced.keys().next().value as string);
    if (answer.registered > 0)
      this.logger.log(
        `adapter ${adapterId}: ${answer.registered} fingerprint rule(s) registered for discovery`,
      );
    for (const refusal of answer.refused)
      say(`adapter ${adapterId}: fingerprint rule ${refusal.index} not taken: ${refusal.message}`);
  }
}
