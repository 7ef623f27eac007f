import type { LoadResult } from '@meshplane/perf-loadgen';
import { SMP_VERSION, type SmpResultDocument } from './smp-types.js';

/** Where a result was measured: from discovery (cluster, Kubernetes version, nodes) and the mesh found there. */
export interface EnvironmentMetadata {
  clusterName: string;
  kubernetesVersion: string;
  nodeCount: number;
  /** e.g. `istio`, `linkerd`; absent or `none` for a baseline without a mesh. */
  mesh?: string;
  meshVersion?: string;
  mtls?: boolean;
  /** Node types when known; otherwise `nodeCount` entries of an unknown type are written. */
  nodes?: { type: string; cores: number; memMb: number }[];
}

export interface ResultIds {
  /** The stored result's id. */
  id: string;
  /** The profile (test) the run belongs to. */
  testId: string;
  detailsUri?: string;
  labels?: Record<string, string>;
}

/**
 * The SMP documents for one run. The latency figures are the corrected distribution when the run had one (open model):
 * that is the latency a user would have seen, which is what SMP's results are compared on.
 */
export function buildSmpResult(
  result: LoadResult,
  environment: EnvironmentMetadata,
  ids: ResultIds,
): SmpResultDocument {
  const latency = result.latency.corrected ?? result.latency.uncorrected;
  const start = new Date(result.startedAt);
  const end = new Date(start.getTime() + result.durationMs);
  const envId = `${ids.id}-env`;
  const meshConfigId = `${ids.id}-mesh`;
  const mesh = environment.mesh ?? 'none';
  const nodes =
    environment.nodes?.map((node) => ({ type: node.type, cores: node.cores, mem_mb: node.memMb })) ??
    Array.from({ length: environment.nodeCount }, () => ({ type: 'unknown', cores: 0, mem_mb: 0 }));
  return {
    performance_test_result: {
      smp_version: SMP_VERSION,
      id: ids.id,
      labels: {
        ...ids.labels,
        generator: result.generator,
        ...(result.generatorVersion ? { generator_version: result.generatorVersion } : {}),
        model: result.model,
        protocol: result.protocol,
        url: result.url,
        latency: result.latency.corrected ? 'corrected' : 'uncorrected',
        cluster: environment.clusterName,
        mesh,
        ...(environment.meshVersion ? { mesh_version: environment.meshVersion } : {}),
        ...(result.partial ? { partial: result.partial.reason } : {}),
      },
      start_time: start.toISOString(),
      end_time: end.toISOString(),
      latencies_ms: {
        min: latency.min,
        average: latency.mean,
        p50: latency.percentiles.p50,
        p90: latency.percentiles.p90,
        p99: latency.percentiles.p99,
        max: latency.max,
      },
      actual_QPS: result.achievedRate,
      details_uri: ids.detailsUri ?? '',
      testId: ids.testId,
      meshConfigId,
      envId,
    },
    environment_config: {
      smp_version: SMP_VERSION,
      id: envId,
      labels: { cluster: environment.clusterName, node_count: String(environment.nodeCount) },
      kubernetes_version: environment.kubernetesVersion,
      node: nodes,
    },
    service_mesh_config: {
      smp_version: SMP_VERSION,
      id: meshConfigId,
      labels: {},
      mtls_enabled: environment.mtls ?? false,
      mesh_build: environment.meshVersion ?? '',
      mesh_type: mesh,
    },
  };
}
