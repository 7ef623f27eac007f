import { z } from 'zod';
import { defineRequest } from '../messaging/request.definition.js';

/** The audience of the service context a service signs to ask meshsync-ingest about a cluster's environment. */
export const CLUSTER_ENVIRONMENT_AUDIENCE = 'meshsync-ingest';

export const clusterEnvironmentRequestSchema = z.object({
  /**
   * A signed internal context of kind `service` for CLUSTER_ENVIRONMENT_AUDIENCE naming the organization (`orgId`):
   * only that organization's cluster is described.
   */
  context: z.string().min(1).max(8_000),
  clusterId: z.uuid(),
});
export type ClusterEnvironmentRequest = z.infer<typeof clusterEnvironmentRequestSchema>;

export const clusterEnvironmentMeshSchema = z.object({
  /** The fingerprint's mesh id (`istio`, `linkerd`, …). */
  meshId: z.string().max(100),
  name: z.string().max(200),
  /** The version discovery read from the control plane; null when it could not tell. */
  version: z.string().max(100).nullable(),
  proxyCount: z.number().int().min(0),
  injectedNamespaces: z.array(z.string().max(253)).max(1_000),
});

/** What discovery knows about a cluster: the environment metadata a performance result is recorded with. */
export const clusterEnvironmentSchema = z.object({
  clusterId: z.uuid(),
  name: z.string().max(253),
  kubernetesVersion: z.string().max(100),
  nodeCount: z.number().int().min(0),
  /** The meshes the last detection found, by mesh id. */
  meshes: z.array(clusterEnvironmentMeshSchema).max(50),
});
export type ClusterEnvironment = z.infer<typeof clusterEnvironmentSchema>;

export const clusterEnvironmentFailures = [
  /** The context is missing, forged, expired, for another service or names no organization. */
  'UNAUTHORIZED',
  /** The request does not match the contract. */
  'INVALID',
  /** No such cluster in the organization (another organization's looks the same). */
  'NOT_FOUND',
  /** meshsync-ingest could not read it now (its database away). */
  'UNAVAILABLE',
] as const;
export type ClusterEnvironmentFailure = (typeof clusterEnvironmentFailures)[number];

export const clusterEnvironmentResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), environment: clusterEnvironmentSchema }),
  z.object({
    ok: z.literal(false),
    code: z.enum(clusterEnvironmentFailures),
    /** Safe to show the organization: names the cluster id, nothing else. */
    message: z.string().max(500),
  }),
]);
export type ClusterEnvironmentResponse = z.infer<typeof clusterEnvironmentResponseSchema>;

/**
 * perf → meshsync-ingest: one cluster's name, Kubernetes version, node count and detected meshes, as discovery knows
 * them now (a performance run records them with its result). Core NATS request/reply: nothing is stored on a stream.
 */
export const clusterEnvironmentRequest = defineRequest({
  subject: 'rpc.v1.discovery.environment',
  answeredBy: 'meshsync-ingest',
  askedBy: ['perf'],
  request: clusterEnvironmentRequestSchema,
  response: clusterEnvironmentResponseSchema,
  timeoutMs: 5_000,
});
