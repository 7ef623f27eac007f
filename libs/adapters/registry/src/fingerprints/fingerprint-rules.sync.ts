import { Inject, Injectable, Logger } from '@nestjs/common';
import { signInternalContext } from '@meshplane/auth';
import type { ServiceEnv } from '@meshplane/config';
import {
  FINGERPRINT_RULES_AUDIENCE,
  fingerprintRulesRequest,
  fingerprintRulesResponseSchema,
} from '@meshplane/contracts';
import { MessagingClient } from '@meshplane/messaging';
import { Clock } from '@meshplane/runtime';
import { SERVICE_CONFIG } from '@meshplane/service-kit';

const CONTEXT_TTL_MS = 30_000;

/**
 * Hands an organization's adapter's fingerprint rules to discovery (meshsync-ingest, over
 * rpc.v1.discovery.fingerprints), which registers them for that organization as registerMeshFingerprint would. Sent
 * after every check that read the catalogue: the same rules again change nothing, and a registration missed while
 * meshsync-ingest was away is made up at the next check. An operator's adapter (every organization's) is not synced:
 * discovery keeps rules per organization.
 */
@Injectable()
export class FingerprintRulesSync {
  private readonly logger = new Logger(FingerprintRulesSync.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnv,
    private readonly messaging: MessagingClient,
    private readonly clock: Clock,
  ) {}

  /** `changed`: the catalogue is new, so what discovery says about it is worth a log line. Never throws. */
  async sync(
    orgId: string,
    adapterId: string,
    rules: Record<string, unknown>[],
    changed: boolean,
  ): Promise<void> {
    const [secret] = this.config.INTERNAL_CONTEXT_SECRET;
    if (secret === undefined || rules.length === 0) return;
    const say = (message: string) => (changed ? this.logger.warn(message) : this.logger.debug(message));
    const context = signInternalContext({ orgId, roles: [], requestId: adapterId }, secret, {
      ttlMs: CONTEXT_TTL_MS,
      audience: FINGERPRINT_RULES_AUDIENCE,
      kind: 'service',
      now: this.clock.nowMs(),
    });
    let body: unknown;
    try {
      const reply = await this.messaging.nc.request(
        fingerprintRulesRequest.subject,
        JSON.stringify({ context, adapterId, rules: rules.slice(0, 100) }),
        { timeout: fingerprintRulesRequest.timeoutMs },
      );
      body = reply.json();
    } catch (error) {
      return say(
        `adapter ${adapterId}: its fingerprint rules did not reach discovery (${(error as Error).message})`,
      );
    }
    const parsed = fingerprintRulesResponseSchema.safeParse(body);
    if (!parsed.success) return say(`adapter ${adapterId}: discovery answered outside the contract`);
    const answer = parsed.data;
    if (!answer.ok)
      return say(`adapter ${adapterId}: discovery refused its fingerprint rules: ${answer.message}`);
    if (answer.registered > 0)
      this.logger.log(
        `adapter ${adapterId}: ${answer.registered} fingerprint rule(s) registered for discovery`,
      );
    for (const refusal of answer.refused)
      say(`adapter ${adapterId}: fingerprint rule ${refusal.index} not taken: ${refusal.message}`);
  }
}
