import type { z } from 'zod';
import { envInt } from '@meshplane/config';

/** The mesh fingerprints' own variables, validated by the service at start (see mesh-fingerprints.feature.ts). */
export const meshFingerprintsConfigShape = {
  /** Pause between two detection passes over the clusters whose inventory changed. */
  MESH_DETECTION_INTERVAL_MS: envInt(15_000, 50, 3_600_000),
};

export type MeshFingerprintsConfig = z.output<z.ZodObject<typeof meshFingerprintsConfigShape>>;

export const MESH_FINGERPRINTS_CONFIG = Symbol('MESH_FINGERPRINTS_CONFIG');
