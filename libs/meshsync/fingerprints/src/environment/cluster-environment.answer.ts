import { verifyInternalContext } from '@meshplane/auth';
import {
  CLUSTER_ENVIRONMENT_AUDIENCE,
  clusterEnvironmentRequestSchema,
  type ClusterEnvironment,
  type ClusterEnvironmentFailure,
  type ClusterEnvironmentResponse,
} from '@meshplane/contracts';

/** Where the answer's facts come from (ClusterDirectory and the stored detections, in the service). */
export interface EnvironmentSource {
  cluster(
    orgId: string,
    clusterId: string,
  ): Promise<{ id: string; name: string; version: string; nodeCount: number } | null>;
  meshes(
    orgId: string,
    clusterId: string,
  ): Promise<
    {
      meshId: string;
      name: string;
      version: string | null;
      proxyCount: number;
      injectedNamespaces: string[];
    }[]
  >;
}

const MAX_MESHES = 50;
const MAX_NAMESPACES = 1_000;

/**
 * Answers one cluster-environment request: the context must be a service context signed for meshsync-ingest naming
 * an organization, and the cluster must be that organization's (another organization's answers NOT_FOUND, as one
 * that does not exist). Throws only when the source fails (the responder answers UNAVAILABLE).
 */
export async function answerClusterEnvironment(
  body: unknown,
  secrets: readonly string[],
  source: EnvironmentSource,
  now?: number,
): Promise<ClusterEnvironmentResponse> {
  const parsed = clusterEnvironmentRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse('INVALID', `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  let orgId: string | undefined;
  try {
    orgId = verifyInternalContext(parsed.data.context, secrets, {
      audience: CLUSTER_ENVIRONMENT_AUDIENCE,
      kind: 'service',
      ...(now !== undefined && { now }),
    }).orgId;
  } catch {
    return refuse('UNAUTHORIZED', 'The request carries no valid service context for meshsync-ingest');
  }
  if (orgId === undefined) return refuse('UNAUTHORIZED', 'The service context names no organization');
  const { clusterId } = parsed.data;
  const cluster = await source.cluster(orgId, clusterId);
  if (!cluster) return refuse('NOT_FOUND', `Cluster ${clusterId} does not exist`);
  const meshes = (await source.meshes(orgId, clusterId)).slice(0, MAX_MESHES);
  const environment: ClusterEnvironment = {
    clusterId: cluster.id,
    name: cluster.name.slice(0, 253),
    kubernetesVersion: cluster.version.slice(0, 100),
    nodeCount: cluster.nodeCount,
    meshes: meshes.map((mesh) => ({
      meshId: mesh.meshId.slice(0, 100),
      name: mesh.name.slice(0, 200),
      version: mesh.version === null ? null : mesh.version.slice(0, 100),
      proxyCount: mesh.proxyCount,
      injectedNamespaces: mesh.injectedNamespaces.slice(0, MAX_NAMESPACES),
    })),
  };
  return { ok: true, environment };
}

function refuse(code: ClusterEnvironmentFailure, message: string): ClusterEnvironmentResponse {
  return { ok: false, code, message };
}
