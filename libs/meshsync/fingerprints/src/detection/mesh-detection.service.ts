import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withTenant } from '@meshplane/database';
import { Clock } from '@meshplane/runtime';
import { FINGERPRINT_KINDS, type ObjectSource } from '../engine/cluster-object.js';
import type { DetectedMesh } from '../engine/detected-mesh.js';
import { fingerprint } from '../engine/fingerprint.js';
import { OBJECT_SOURCE } from '../engine/object-source.token.js';
import { ClusterMeshEntity } from '../entities/cluster-mesh.entity.js';
import { FingerprintRulesService } from '../rules/fingerprint-rules.service.js';

const STATE = '"meshsync_ingest"."mesh_detection_state"';

export type DetectionOutcome = 'detected' | 'busy' | 'up-to-date';

/** Runs the fingerprint engine over one cluster's inventory and stores what it finds. */
@Injectable()
export class MeshDetectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: FingerprintRulesService,
    @Inject(OBJECT_SOURCE) private readonly objects: ObjectSource,
    private readonly clock: Clock,
  ) {}

  /** Detects now, waiting for a replica already detecting this cluster to finish first. */
  async detectNow(orgId: string, clusterId: string): Promise<ClusterMeshEntity[]> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      await this.lockState(manager, orgId, clusterId, 'wait');
      await this.detectLocked(manager, orgId, clusterId, null);
      return this.listIn(manager, clusterId);
    });
  }

  /**
   * The periodic pass's step for one cluster whose inventory changed at `changedAt`: skipped when another
   * replica holds the cluster, or when the stored detection already reflects that change.
   */
  async detectIfStale(orgId: string, clusterId: string, changedAt: Date): Promise<DetectionOutcome> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const state = await this.lockState(manager, orgId, clusterId, 'skip');
      if (!state) return 'busy';
      if (state.inventoryChangedAt && state.inventoryChangedAt >= changedAt) return 'up-to-date';
      await this.detectLocked(manager, orgId, clusterId, changedAt);
      return 'detected';
    });
  }

  async list(orgId: string, clusterId: string): Promise<ClusterMeshEntity[]> {
    return withTenant(this.dataSource, orgId, (manager) => this.listIn(manager, clusterId));
  }

  private listIn(manager: EntityManager, clusterId: string): Promise<ClusterMeshEntity[]> {
    return manager.getRepository(ClusterMeshEntity).find({ where: { clusterId }, order: { meshId: 'ASC' } });
  }

  /** The cluster's state row, locked for this transaction; undefined when `skip` finds it locked. */
  private async lockState(
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

  private async detectLocked(
    manager: EntityManager,
    orgId: string,
    clusterId: string,
    changedAt: Date | null,
  ): Promise<void> {
    const rules = await this.rules.effective(manager);
    const objects = await this.objects.list(orgId, clusterId, { kinds: FINGERPRINT_KINDS });
    await this.store(manager, orgId, clusterId, fingerprint(rules, objects));
    await manager.query(
      `UPDATE ${STATE} SET detected_at = now(), inventory_changed_at = greatest(inventory_changed_at, $3::timestamptz)
        WHERE org_id = $1 AND cluster_id = $2`,
      [orgId, clusterId, changedAt],
    );
  }

  private async store(
    manager: EntityManager,
    orgId: string,
    clusterId: string,
    detected: DetectedMesh[],
  ): Promise<void> {
    const repository = manager.getRepository(ClusterMeshEntity);
    const existing = new Map(
      (await repository.find({ where: { clusterId } })).map((row) => [row.meshId, row]),
    );
    const gone = [...existing.keys()].filter((meshId) => !detected.some((mesh) => mesh.meshId === meshId));
    for (const meshId of gone) await repository.delete({ orgId, clusterId, meshId });
    const now = this.clock.now();
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
          detectedAt: existing.get(mesh.meshId)?.detectedAt ?? now,
          updatedAt: now,
        }),
      ),
    );
  }
}
