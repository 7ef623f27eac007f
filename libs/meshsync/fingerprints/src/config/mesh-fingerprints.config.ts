import { z } from 'zod';
import { envInt, loadConfig, type Env } from '@meshplane/config';

/** The mesh fingerprints' own variables, on top of the service's. */
export const meshFingerprintsConfigShape = {
  /** Pause between two detection passes over the clusters whose inventory changed. */
  MESH_DETECTION_INTERVAL_MS: envInt(15_000, 50, 3_600_000),
};

export const meshFingerprintsConfigSchema = z.object(meshFingerprintsConfigShape);
export type MeshFingerprintsConfig = z.infer<typeof meshFingerprintsConfigSchema>;

export function loadMeshFingerprintsConfig(env?: Env): MeshFingerprintsConfig {
  return loadConfig(meshFingerprintsConfigSchema, env);
}

export const MESH_FINGERPRINTS_CONFIG = Symbol('MESH_FINGERPRINTS_CONFIG');
