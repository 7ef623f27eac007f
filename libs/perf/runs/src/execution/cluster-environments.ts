import { Inject, Injectable } from '@nestjs/common';
import { signInternalContext } from '@meshplane/auth';
import type { ServiceEnv } from '@meshplane/config';
import {
  CLUSTER_ENVIRONMENT_AUDIENCE,
  clusterEnvironmentRequest,
  type ClusterEnvironment,
} from '@meshplane/contracts';
import { DomainError, ValidationFailedError } from '@meshplane/graphql';
import { askRequest, MessagingClient } from '@meshplane/messaging';
import { Clock } from '@meshplane/runtime';
import { SERVICE_CONFIG } from '@meshplane/service-kit';

/** The context lives just long enough for the request. */
const CONTEXT_TTL_MS = 30_000;

/**
 * A cluster's environment (name, Kubernetes version, nodes, detected meshes) asked of meshsync-ingest over core NATS
 * (clusterEnvironmentRequest), with a service context naming the organization: only its own cluster is described.
 */
@Injectable()
export class ClusterEnvironments {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnv,
    private readonly messaging: MessagingClient,
    private readonly clock: Clock,
  ) {}

  /**
   * Throws BAD_USER_INPUT on `field` when the organization has no such cluster, UNAVAILABLE when meshsync-ingest
   * does not answer (nothing was started: the request can be retried with the same idempotency key).
   */
  async describe(
    orgId: string,
    clusterId: string,
    requestId: string,
    field: string,
  ): Promise<ClusterEnvironment> {
    const [secret] = this.config.INTERNAL_CONTEXT_SECRET;
    if (secret === undefined)
      throw new DomainError('UNAVAILABLE', 'no internal context secret is configured');
    const context = signInternalContext({ orgId, roles: [], requestId }, secret, {
      ttlMs: CONTEXT_TTL_MS,
      audience: CLUSTER_ENVIRONMENT_AUDIENCE,
      kind: 'service',
      now: this.clock.nowMs(),
    });
    const outcome = await askRequest(this.messaging, clusterEnvironmentRequest, { context, clusterId });
    if (outcome.kind === 'unanswered')
      throw new DomainError(
        'UNAVAILABLE',
        `cluster ${clusterId}: discovery (meshsync-ingest) did not answer (${outcome.message}); try again`,
        { field },
      );
    if (outcome.kind === 'malformed')
      throw new DomainError('UNAVAILABLE', `cluster ${clusterId}: discovery answered outside the contract`, {
        field,
      });
    const answer = outcome.response;
    if (answer.ok) return answer.environment;
    if (answer.code === 'NOT_FOUND')
      throw new ValidationFailedError(field, `no cluster ${clusterId} in this organization`);
    throw new DomainError('UNAVAILABLE', `cluster ${clusterId}: ${answer.message} (${answer.code})`, {
      field,
    });
  }
}
