import type { ClassReference } from '@meshplane/database';
import { CreateMeshFingerprints1795225252503 } from './1795225252503-CreateMeshFingerprints.js';
import { CreatePlatformMeshFingerprints1797100000002 } from './1797100000002-CreatePlatformMeshFingerprints.js';

/** Hand-written, never edited once landed; needs the inventory's migrations applied first. */
export const MESH_FINGERPRINTS_MIGRATIONS: ClassReference[] = [
  CreateMeshFingerprints1795225252503,
  CreatePlatformMeshFingerprints1797100000002,
];
