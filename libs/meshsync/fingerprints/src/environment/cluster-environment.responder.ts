import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import type { ServiceEnv } from '@meshplane/config';
import { clusterEnvironmentRequest, type ClusterEnvironmentResponse } from '@meshplane/contracts';
import { ClusterDirectory } from '@meshplane/meshsync-connections';
import { answerRequests, MessagingClient } from '@meshplane/messaging';
import { SERVICE_CONFIG } from '@meshplane/service-kit';
import { MeshDetectionService } from '../detection/mesh-detection.service.js';
import { answerClusterEnvironment, type EnvironmentSource } from './cluster-environment.answer.js';

/**
 * Answers `rpc.v1.discovery.environment` (clusterEnvironmentRequest) as the replicas' queue group: a cluster's name,
 * Kubernetes version, node count and detected meshes, for the organization the asker's signed service context
 * names. Only the askers' NATS users (perf) may publish the subject.
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
    const unavailable: ClusterEnvironmentResponse = {
      ok: false,
      code: 'UNAVAILABLE',
      message: 'meshsync-ingest could not read the cluster now',
    };
    this.subscription = answerRequests(this.messaging, clusterEnvironmentRequest, {
      queue: 'meshsync-ingest',
      answer: (body) => answerClusterEnvironment(body, this.config.INTERNAL_CONTEXT_SECRET, this.source),
      unavailable,
      warn: (message) => this.logger.warn(message),
    });
  }

  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
