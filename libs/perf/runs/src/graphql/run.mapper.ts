import type { PerformanceResultEntity } from '../entities/performance-result.entity.js';
import type { PerformanceRunEntity } from '../entities/performance-run.entity.js';
import type { PerformanceResult, PerformanceRun } from './run.model.js';

export function toRunModel(row: PerformanceRunEntity): PerformanceRun {
  return {
    id: row.id,
    profileId: row.profileId,
    profileName: row.profile.name,
    status: row.status,
    idempotencyKey: row.idempotencyKey,
    requestedBy: row.requestedBy,
    cancelRequested: row.cancelRequested,
    // Whole milliseconds, as GraphQL's Int requires: a run finished before d8e847e may hold a measured, fractional
    // plannedMs, which made the whole run unreadable.
    progress: row.progress && {
      ...row.progress,
      elapsedMs: Math.round(row.progress.elapsedMs),
      plannedMs: Math.round(row.progress.plannedMs),
      currentRate: Math.round(row.progress.currentRate),
    },
    environment: row.environment && {
      clusterId: row.environment.clusterId,
      clusterName: row.environment.name,
      kubernetesVersion: row.environment.kubernetesVersion,
      nodeCount: row.environment.nodeCount,
      meshes: row.environment.meshes.map((mesh) => ({
        meshId: mesh.meshId,
        name: mesh.name,
        version: mesh.version,
        proxyCount: mesh.proxyCount,
      })),
    },
    message: row.message,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export function toResultModel(row: PerformanceResultEntity): PerformanceResult {
  const { result } = row;
  return {
    id: row.id,
    profileId: row.profileId,
    createdAt: row.createdAt,
    requests: result.requests,
    errors: result.errors,
    achievedRate: result.achievedRate,
    latency: result.latency.corrected ?? result.latency.uncorrected,
    generatorHealth: result.generatorHealth,
    partial: result.partial?.reason ?? null,
    smp: row.smp,
    endpoints: (result.endpoints ?? []).map((endpoint) => ({
      url: endpoint.url,
      requests: endpoint.requests,
      errors: endpoint.errors,
      achievedRate: endpoint.achievedRate,
      latency: endpoint.latency.corrected ?? endpoint.latency.uncorrected,
      statusCodes: endpoint.statusCodes,
    })),
  };
}
