/**
 * Our TypeScript reading of the Service Mesh Performance specification (smp-spec.io, CNCF; the protobuf messages
 * `PerformanceTestConfig`, `PerformanceTestResult`, `EnvironmentConfig` and `ServiceMeshConfig`), with the proto
 * field names as JSON/YAML keys, which is what `mesheryctl perf apply -f` reads.
 */

export const SMP_VERSION = 'v0.0.1';

/** The spec's `PerformanceTestConfig.Client.Protocol` enum, by name (numbers 0–3 are accepted when parsing). */
export const SMP_PROTOCOLS = ['http', 'tcp', 'udp', 'grpc'] as const;
export type SmpProtocol = (typeof SMP_PROTOCOLS)[number];

export interface SmpClient {
  internal: boolean;
  load_generator: string;
  protocol: SmpProtocol;
  connections: number;
  /** Requests per second this client sends; 0 = as fast as it can (closed model). */
  rps: number;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  body: string;
  content_type: string;
  endpoint_urls: string[];
}

export interface SmpPerformanceTestConfig {
  smp_version: string;
  id: string;
  name: string;
  labels: Record<string, string>;
  /** Single or distributed load generators. */
  clients: SmpClient[];
  /** Go duration syntax: `30s`, `1m30s`, `500ms`. */
  duration: string;
}

export interface SmpLatencies {
  min: number;
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface SmpPerformanceTestResult {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  /** RFC 3339, UTC. */
  start_time: string;
  end_time: string;
  latencies_ms: SmpLatencies;
  actual_QPS: number;
  details_uri: string;
  testId: string;
  meshConfigId: string;
  envId: string;
}

export interface SmpEnvironmentConfig {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  kubernetes_version: string;
  node: { type: string; cores: number; mem_mb: number }[];
}

export interface SmpServiceMeshConfig {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  mtls_enabled: boolean;
  mesh_build: string;
  mesh_type: string;
}

/** A stored result: the test result and the environment and mesh it was measured in, linked by their ids. */
export interface SmpResultDocument {
  performance_test_result: SmpPerformanceTestResult;
  environment_config: SmpEnvironmentConfig;
  service_mesh_config: SmpServiceMeshConfig;
}
