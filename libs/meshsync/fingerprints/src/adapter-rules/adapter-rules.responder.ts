import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import type { ServiceEnv } from '@meshplane/config';
import { fingerprintRulesRequest, type FingerprintRulesResponse } from '@meshplane/contracts';
import { answerRequests, MessagingClient } from '@meshplane/messaging';
import { SERVICE_CONFIG } from '@meshplane/service-kit';
import { FingerprintRulesService } from '../rules/fingerprint-rules.service.js';
import { answerFingerprintRules } from './adapter-rules.answer.js';

/**
 * Answers `rpc.v1.discovery.fingerprints` (fingerprintRulesRequest) as the replicas' queue group: an organization's
 * adapter's fingerprint rules, registered for that organization. Only adapters-broker's NATS user may ask.
 */
@Injectable()
export class AdapterRulesResponder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AdapterRulesResponder.name);
  private subscription?: Subscription;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnv,
    private readonly messaging: MessagingClient,
    private readonly rules: FingerprintRulesService,
  ) {}

  onApplicationBootstrap(): void {
    const unavailable: FingerprintRulesResponse = {
      ok: false,
      code: 'UNAVAILABLE',
      message: 'meshsync-ingest could not store the rules now',
    };
    this.subscription = answerRequests(this.messaging, fingerprintRulesRequest, {
      queue: 'meshsync-ingest',
      answer: (body) =>
        answerFingerprintRules(
          body,
          this.config.INTERNAL_CONTEXT_SECRET,
          async (orgId, registeredBy, rule) => (await this.rules.register(orgId, registeredBy, rule)).stored,
        ),
      unavailable,
      warn: (message) => this.logger.warn(message),
    });
  }

  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
