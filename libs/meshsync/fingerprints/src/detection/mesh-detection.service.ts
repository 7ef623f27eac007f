import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@meshplane/runtime';
import { FINGERPRINT_KINDS, type ObjectSource } from '../engine/cluster-object.js';
import { fingerprint } from '../engine/fingerprint.js';
import { OBJECT_SOURCE } from '../engine/object-source.token.js';
import type { ClusterMeshEntity } from '../entities/cluster-mesh.entity.js';
import { FingerprintRulesService } from '../rules/fingerprint-rules.service.js';
import { MeshDetectionRepository } from './mesh-detection.repository.js';

export type DetectionOutcome = 'detected' | 'busy' | 'up-to-date';

/** Runs the fingerprint engine over one cluster's inventory and stores what it finds. */
@Injectable()
export class MeshDetectionService {
  constructor(
    private readonly repository: MeshDetectionRepository,
    private readonly rules: FingerprintRulesService,
    @Inject(OBJECT_SOURCE) private readonly objects: ObjectSource,
    private readonly clock: Clock,
  ) {}

  /** Detects now, waiting for a replica already detecting this cluster to finish first. */
  async detectNow(orgId: string, clusterId: string): Promise<ClusterMeshEntity[]> {
    return this.repository.inOrg(orgId, async (manager) => {
      await this.repository.lockState(manager, orgId, clusterId, 'wait');
      await this.detectLocked(manager, orgId, clusterId, null);
      return this.repository.meshesOf(manager, clusterId);
    });
  }

  /**
   * The periodic pass's step for one cluster whose inventory changed at `changedAt`: skipped when another
   * replica holds the cluster, or when the stored detection already reflects that change.
   */
  async detectIfStale(orgId: string, clusterId: string, changedAt: Date): Promise<DetectionOutcome> {
    return this.repository.inOrg(orgId, async (manager) => {
      const state = await this.repository.lockState(manager, orgId, clusterId, 'skip');
      if (!state) return 'busy';
      if (state.inventoryChangedAt && state.inventoryChangedAt >= changedAt) return 'up-to-date';
      await this.detectLocked(manager, orgId, clusterId, changedAt);
      return 'detected';
    });
  }

  async list(orgId: string, clusterId: string): Promise<ClusterMeshEntity[]> {
    return this.repository.inOrg(orgId, (manager) => this.repository.meshesOf(manager, clusterId));
  }

  private async detectLocked(
    manager: EntityManager,
    orgId: string,
    clusterId: string,
    changedAt: Date | null,
  ): Promise<void> {
    const rules = await this.rules.effective(manager);
    const objects = await this.objects.list(orgId, clusterId, { kinds: FINGERPRINT_KINDS });
    const now = this.clock.now();
    await this.repository.replaceMeshes(manager, orgId, clusterId, fingerprint(rules, objects), now);
    await this.repository.markDetected(manager, orgId, clusterId, changedAt, now);
  }
}
