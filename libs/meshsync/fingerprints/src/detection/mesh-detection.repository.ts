import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withTenant } from '@meshplane/database';
import type { DetectedMesh } from '../engine/detected-mesh.js';
import { ClusterMeshEntity } from '../entities/cluster-mesh.entity.js';
import { MESH_FINGERPRINTS_FUNCTIONS, MESH_FINGERPRINTS_TABLES } from '../mesh-fingerprints.tables.js';

const STATE = MESH_FINGERPRINTS_TABLES.meshDetectionState;

/** A cluster whose inventory changed, as the cross-tenant lookup reports it. */
export interface ChangedCluster {
  orgId: string;
  clusterId: string;
  changedAt: Date;
}

/** Detection state and detected meshes; everything about one cluster runs in its organization's transaction. */
@Injectable()
export class MeshDetectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  inOrg<T>(orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  /**
   * Clusters whose inventory changed since `since`, across organizations, through the narrow
   * `mesh_detection_changed_clusters` function (ids and times only), at most `limit` of them.
   */
  async changedClusters(since: Date, limit: number): Promise<ChangedCluster[]> {
    const rows: { org_id: string; cluster_id: string; changed_at: Date }[] = await this.dataSource.query(
      `SELECT org_id, cluster_id, changed_at FROM ${MESH_FINGERPRINTS_FUNCTIONS.changedClusters}($1, $2)`,
      [since, limit],
    );
    return rows.map((row) => ({ orgId: row.org_id, clusterId: row.cluster_id, changedAt: row.changed_at }));
  }

  /** The cluster's state row (created if missing), locked for this transaction; undefined when `skip` finds it locked. */
  async lockState(
    manager: EntityManager,
    orgId: string,
    clusterId: string,
    mode: 'wait' | 'skip',
  ): Promise<{ inventoryChangedAt: Date | null } | undefined> {
    await manager.query(`INSERT INTO ${STATE} (org_id, cluster_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      orgId,
      clusterId,
    ]);
    const rows: { inventory_changed_at: Date | null }[] = await manager.query(
      `SELECT inventory_changed_at FROM ${STATE} WHERE org_id = $1 AND cluster_id = $2 FOR UPDATE${mode === 'skip' ? ' SKIP LOCKED' : ''}`,
      [orgId, clusterId],
    );
    const [row] = rows;
    return row ? { inventoryChangedAt: row.inventory_changed_at } : undefined;
  }

  /** Records a detection at `at`, reflecting the inventory up to `changedAt` (never moving that watermark back). */
  async markDetected(
    manager: EntityManager,
    orgId: string,
    clusterId: string,
    changedAt: Date | null,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${STATE} SET detected_at = $4::timestamptz,
              inventory_changed_at = greatest(inventory_changed_at, $3::timestamptz)
        WHERE org_id = $1 AND cluster_id = $2`,
      [orgId, clusterId, changedAt, at],
    );
  }

  meshesOf(manager: EntityManager, clusterId: string): Promise<ClusterMeshEntity[]> {
    return manager.getRepository(ClusterMeshEntity).find({ where: { clusterId }, order: { meshId: 'ASC' } });
  }

  /**
   * Makes the cluster's stored meshes exactly `detected`: the others are deleted, a mesh seen before keeps its
   * first detection time, and every stored one is updated at `at`.
   */
  async replaceMeshes(
    manager: EntityManager,
    orgId: string,
    clusterId: string,
    detected: DetectedMesh[],
    at: Date,
  ): Promise<void> {
    const repository = manager.getRepository(ClusterMeshEntity);
    const existing = new Map(
      (await repository.find({ where: { clusterId } })).map((row) => [row.meshId, row]),
    );
    const gone = [...existing.keys()].filter((meshId) => !detected.some((mesh) => mesh.meshId === meshId));
    for (const meshId of gone) await repository.delete({ orgId, clusterId, meshId });
    await repository.save(
      detected.map((mesh) =>
        repository.create({
          orgId,
          clusterId,
          meshId: mesh.meshId,
          name: mesh.name,
          version: mesh.version,
          versions: mesh.versions,
          controlPlane: mesh.controlPlane,
          proxyCount: mesh.proxyCount,
          injectedNamespaces: mesh.injectedNamespaces,
          crdGroups: mesh.crdGroups,
          ruleVersion: mesh.ruleVersion,
          detectedAt: existing.get(mesh.meshId)?.detectedAt ?? at,
          updatedAt: at,
        }),
      ),
    );
  }
}
