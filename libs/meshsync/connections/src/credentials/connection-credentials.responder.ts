import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import type { ServiceEnv } from '@meshplane/config';
import { connectionCredentialsRequest, type ConnectionCredentialsResponse } from '@meshplane/contracts';
import { answerRequests, MessagingClient } from '@meshplane/messaging';
import { SERVICE_CONFIG } from '@meshplane/service-kit';
import { ConnectionProber } from '../lifecycle/connection-prober.js';
import { ConnectionsRepository } from '../persistence/connections.repository.js';
import { answerConnectionCredentials, type CredentialsSource } from './connection-credentials.answer.js';

/** The replicas answer as one queue group: each request is answered once, by whichever replica gets it. */
const QUEUE = 'meshsync-ingest';

/**
 * Answers adapters-broker's connection-credentials requests (core NATS request/reply, see
 * connectionCredentialsRequest). Only the broker's NATS user may publish the subject; each answer is sealed to
 * the asker's one-time key, so the kubeconfig is never in clear on the bus. Nothing here logs a request's body.
 */
@Injectable()
export class ConnectionCredentialsResponder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConnectionCredentialsResponder.name);
  private subscription?: Subscription;
  private readonly source: CredentialsSource;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnv,
    private readonly messaging: MessagingClient,
    connections: ConnectionsRepository,
    prober: ConnectionProber,
  ) {
    this.source = {
      find: (orgId, id) => connections.find(orgId, id),
      open: (sealed, id) => prober.checkedContext(sealed, id),
    };
  }

  onApplicationBootstrap(): void {
    const unavailable: ConnectionCredentialsResponse = {
      ok: false,
      code: 'UNAVAILABLE',
      message: 'meshsync-ingest could not read the connection now',
    };
    this.subscription = answerRequests(this.messaging, connectionCredentialsRequest, {
      queue: QUEUE,
      answer: async (body) => {
        const response = await answerConnectionCredentials(
          body,
          this.config.INTERNAL_CONTEXT_SECRET,
          this.source,
        );
        if (!response.ok) this.logger.log(`connection-credentials request refused: ${response.code}`);
        return response;
      },
      unavailable,
      warn: (message) => this.logger.warn(message),
    });
  }

  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
