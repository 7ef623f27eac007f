import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Clock } from '@meshplane/runtime';
import { MESH_FINGERPRINTS_CONFIG, type MeshFingerprintsConfig } from '../config/mesh-fingerprints.config.js';
import { MeshDetectionRepository } from './mesh-detection.repository.js';
import { MeshDetectionService } from './mesh-detection.service.js';

const BATCH = 1_000;
/** History times are when discovery observed a change, which can precede its commit by a few seconds. */
const MIN_LOOKBACK_MS = 60_000;

export interface DetectionPassSummary {
  changed: number;
  detected: number;
  failed: number;
}

/**
 * Every MESH_DETECTION_INTERVAL_MS, detects meshes in the clusters whose inventory changed since the previous
 * pass (looking back a little further, since changes commit after they are observed). Changes inside one
 * interval collapse into one detection. Replicas run passes side by side: each cluster's state row is locked
 * with SKIP LOCKED and its watermark says whether the change is already reflected, so no cluster is detected
 * twice for the same change.
 */
@Injectable()
export class MeshDetector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MeshDetector.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  /** Null until the first pass, which looks at the whole retained history. */
  private lastPassStartedAt: Date | null = null;

  constructor(
    private readonly repository: MeshDetectionRepository,
    private readonly detection: MeshDetectionService,
    @Inject(MESH_FINGERPRINTS_CONFIG) private readonly config: MeshFingerprintsConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass; exposed for tests and operators. */
  async runPass(): Promise<DetectionPassSummary> {
    // The window is compared with history times, which discovery stamps with the same Clock.
    const startedAt = this.clock.now();
    const lookback = Math.max(4 * this.config.MESH_DETECTION_INTERVAL_MS, MIN_LOOKBACK_MS);
    const since = this.lastPassStartedAt
      ? new Date(this.lastPassStartedAt.getTime() - lookback)
      : new Date(0);
    const changed = await this.repository.changedClusters(since, BATCH);
    const summary: DetectionPassSummary = { changed: changed.length, detected: 0, failed: 0 };
    for (const cluster of changed) {
      if (this.stopped) break;
      try {
        const outcome = await this.detection.detectIfStale(
          cluster.orgId,
          cluster.clusterId,
          cluster.changedAt,
        );
        if (outcome === 'detected') summary.detected++;
      } catch (error) {
        summary.failed++;
        this.logger.error(
          `Mesh detection failed for cluster ${cluster.clusterId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    // A truncated batch or a failure leaves the window where it was, so the rest is picked up next time.
    if (changed.length < BATCH && summary.failed === 0) this.lastPassStartedAt = startedAt;
    return summary;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runPass()
        .catch((error: unknown) =>
          this.logger.error(
            `Mesh detection pass failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => this.schedule());
    }, this.config.MESH_DETECTION_INTERVAL_MS);
  }
}
