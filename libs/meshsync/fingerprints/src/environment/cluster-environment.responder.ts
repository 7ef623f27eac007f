import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Msg, Subscription } from '@nats-io/transport-node';
import type { ServiceEnv } from '@meshplane/config';
import { clusterEnvironmentRequest, type ClusterEnvironmentResponse } from '@meshplane/contracts';
import { ClusterDirectory } from '@meshplane/meshsync-connections';
import { MessagingClient } from '@meshplane/messaging';
import { SERVICE_CONFIG } from '@meshplane/service-kit';
import { MeshDetectionService } from '../detection/mesh-detection.service.js';
import { answerClusterEnvironment, type EnvironmentSource } from './cluster-environment.answer.js';

/** The replicas answer as one queue group: each request is answered once. */
const QUEUE = 'meshsync-ingest';

/**
 * Answers `rpc.v1.discovery.environment` (clusterEnvironmentRequest): a cluster's name, Kubernetes version, node
 * count and detected meshes, for the organization the asker's signed service context names. Only the askers' NATS
 * users (perf) may publish the subject.
 */
@Injectable()
export class ClusterEnvironmentResponder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ClusterEnvironmentResponder.name);
  private subscription?: Subscription;
  private readonly source: EnvironmentSource;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnv,
    private readonly messaging: MessagingClient,
    clusters: ClusterDirectory,
    detection: MeshDetectionService,
  ) {
    this.source = {
      cluster: (orgId, clusterId) => clusters.describe(orgId, clusterId),
      meshes: (orgId, clusterId) => detection.list(orgId, clusterId),
    };
  }

  onApplicationBootstrap(): void {
    this.subscription = this.messaging.nc.subscribe(clusterEnvironmentRequest.subject, {
      queue: QUEUE,
      callback: (error, msg) => {
        if (error) return this.logger.warn(`cluster-environment subscription: ${error.message}`);
        void this.answer(msg);
      },
    });
  }

  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  private async answer(msg: Msg): Promise<void> {
    if (!msg.reply) return;
    let response: ClusterEnvironmentResponse;
    try {
      response = await answerClusterEnvironment(
        decode(msg),
        this.config.INTERNAL_CONTEXT_SECRET,
        this.source,
      );
    } catch (error) {
      this.logger.warn(`a cluster-environment request failed: ${(error as Error).message}`);
      response = {
        ok: false,
        code: 'UNAVAILABLE',
        message: 'meshsync-ingest could not read the cluster now',
      };
    }
    try {
      msg.respond(JSON.stringify(response));
    } catch (error) {
      this.logger.warn(`cluster-environment answer not sent: ${(error as Error).message}`);
    }
  }
}

function decode(msg: Msg): unknown {
  try {
    return msg.json();
  } catch {
    return undefined;
  }
}
